package io.rwsplit.routing.internal;

import io.rwsplit.routing.Dialect;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link LiteralNormalizer} is a lean pass of its own, sharing {@link SqlScanner}'s quoting and comment rules: every
 * literal it erases must be a STRING or NUMBER token of the scanner, never part of a comment, a quoted identifier,
 * a dollar quote, a variable or a word.
 */
class LiteralNormalizerScannerAgreementTest {

    @Test
    void everyErasedLiteralIsALiteralTokenOfTheScannerOnTheCorpus() throws IOException {
        int normalized = 0;
        for (Dialect dialect : Dialect.values()) {
            for (String sql : corpus(dialect)) {
                normalized += agree(dialect, sql) > 0 ? 1 : 0;
            }
        }
        assertTrue(normalized > 100, "only " + normalized + " corpus texts have literals erased");
    }

    @Test
    void everyErasedLiteralIsALiteralTokenOfTheScannerOnRandomTexts() {
        String alphabet = "sel ct from\n\t1234567890.eExXbBN_$@#-+/*!'\"`\\;:=()?,&U\u0001";
        Random random = new Random(7);
        for (Dialect dialect : Dialect.values()) {
            int normalized = 0;
            for (int i = 0; i < 20_000; i++) {
                StringBuilder b = new StringBuilder();
                int length = 1 + random.nextInt(30);
                for (int j = 0; j < length; j++) {
                    b.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                normalized += agree(dialect, b.toString()) > 0 ? 1 : 0;
            }
            assertTrue(normalized > 1000, dialect + ": only " + normalized + " random texts have literals erased");
        }
    }

    /** Checks every literal the normalizer reports; returns how many it reported, or 0 when it is unsure. */
    private static int agree(Dialect dialect, String sql) {
        List<int[]> spans = new ArrayList<>();
        List<LiteralNormalizer.Literal> kinds = new ArrayList<>();
        boolean sure = new LiteralNormalizer(dialect).literals(sql, (kind, start, end) -> {
            kinds.add(kind);
            spans.add(new int[] {start, end});
        });
        if (!sure) {
            return 0;
        }
        List<SqlToken> tokens = SqlScanner.scan(dialect, sql).tokens;
        for (int i = 0; i < spans.size(); i++) {
            int start = spans.get(i)[0];
            int end = spans.get(i)[1];
            String where = dialect + " " + kinds.get(i) + " [" + start + ", " + end + ") of <" + sql + ">: " + tokens;
            if (kinds.get(i) == LiteralNormalizer.Literal.STRING) {
                SqlToken string = tokenEndingAt(tokens, end);
                assertNotNull(string, "no token ends where the string does: " + where);
                assertTrue(string.type == SqlToken.Type.STRING, where);
                assertTrue(string.start == start
                        || string.start == start - 1 && LexicalRules.isIdentStart(sql.charAt(start - 1)), where);
                assertTrue(sql.charAt(start) == '\'', where);
            } else {
                boolean startsThere = false;
                for (SqlToken t : tokens) {
                    if (t.start < start && t.end > start) {
                        fail("a token straddles the number's start: " + t + " in " + where);
                    }
                    if (t.start == start) {
                        startsThere = true;
                    }
                    if (t.start >= start && t.start < end && t.type != SqlToken.Type.NUMBER
                            && !t.isPunct(".") && !t.isPunct("+") && !t.isPunct("-")) {
                        fail("not a number token: " + t + " in " + where);
                    }
                }
                assertTrue(startsThere, "no token starts where the number does: " + where);
            }
        }
        return spans.size();
    }

    private static SqlToken tokenEndingAt(List<SqlToken> tokens, int end) {
        for (SqlToken t : tokens) {
            if (t.end == end) {
                return t;
            }
        }
        return null;
    }

    static List<String> corpus(Dialect dialect) throws IOException {
        String resource = "/classification-corpus-" + (dialect == Dialect.MYSQL ? "mysql" : "postgresql") + ".txt";
        List<String> texts = new ArrayList<>();
        try (InputStream in = LiteralNormalizerScannerAgreementTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    texts.add(line.split(" \\| ", 6)[5].replace("\\n", "\n").replace("\\t", "\t"));
                }
            }
        }
        return texts;
    }
}

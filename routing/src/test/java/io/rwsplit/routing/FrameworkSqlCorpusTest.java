package io.rwsplit.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14: the SQL that Hibernate, Spring Data JPA, Spring JDBC, Flyway, Liquibase and jOOQ-style code send for
 * common operations ({@code corpus/frameworks-*.sql}, captured from the examples) classifies with zero
 * {@link Reason#UNKNOWN_SQL}: a framework's read that rwsplit cannot parse would never reach a replica. Each entry
 * also carries its expected verdict: {@code read} must be {@link Reason#READ}, {@code primary} must not be.
 * The file format is described at the top of each corpus file.
 */
class FrameworkSqlCorpusTest {

    private static final StatementClassifier MYSQL = new StatementClassifier(Dialect.MYSQL, List.of(), 10_000);
    private static final StatementClassifier POSTGRESQL =
            new StatementClassifier(Dialect.POSTGRESQL, List.of(), 10_000);

    /** One statement of a corpus file. */
    record Entry(String resource, int line, boolean read, String label, String sql) {
        @Override
        public String toString() {
            return resource + ":" + line + " " + (read ? "read" : "primary")
                    + (label.isEmpty() ? "" : " [" + label + "]") + " " + sql.replace("\n", "\\n");
        }
    }

    static Stream<Entry> mysql() {
        return load("corpus/frameworks-mysql.sql").stream();
    }

    static Stream<Entry> postgresql() {
        return load("corpus/frameworks-postgresql.sql").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mysql")
    void mysqlFrameworkSql(Entry e) {
        check(MYSQL, e);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("postgresql")
    void postgresqlFrameworkSql(Entry e) {
        check(POSTGRESQL, e);
    }

    @Test
    void eachCorpusHasReadsAndPrimaryStatements() {
        for (List<Entry> corpus : List.of(mysql().toList(), postgresql().toList())) {
            assertTrue(corpus.stream().filter(Entry::read).count() >= 30, "reads in " + corpus.get(0).resource());
            assertTrue(corpus.stream().filter(e -> !e.read()).count() >= 30,
                    "primary statements in " + corpus.get(0).resource());
        }
    }

    private static void check(StatementClassifier classifier, Entry e) {
        Reason got = classifier.classify(e.sql()).kind();
        assertNotEquals(Reason.UNKNOWN_SQL, got, "unparsed: " + e);
        if (e.read()) {
            assertEquals(Reason.READ, got, "expected a replica read: " + e);
        } else {
            assertNotEquals(Reason.READ, got, "expected the primary: " + e);
            assertEquals(Target.PRIMARY, got.target(), "expected the primary: " + e);
        }
    }

    /**
     * Reads a corpus file: lines before the first {@code -- @expect} line are its header; each
     * {@code -- @expect read|primary [label]} line starts an entry whose statement is every following line up to
     * the next {@code -- @expect} line, verbatim, without leading and trailing blank lines. Lines starting with
     * {@code -- @note} are comments anywhere.
     */
    static List<Entry> load(String resource) {
        List<Entry> entries = new ArrayList<>();
        try (InputStream in = FrameworkSqlCorpusTest.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            int start = -1;
            Boolean read = null;
            String label = "";
            StringBuilder sql = new StringBuilder();
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.startsWith("-- @note")) {
                    continue;
                }
                if (line.startsWith("-- @expect")) {
                    if (read != null) {
                        entries.add(entry(resource, start, read, label, sql));
                    }
                    String[] f = line.substring("-- @expect".length()).strip().split("\\s+", 2);
                    read = switch (f[0]) {
                        case "read" -> true;
                        case "primary" -> false;
                        default -> throw new IllegalStateException(
                                resource + ":" + number + ": expected read or primary: " + line);
                    };
                    label = f.length > 1 ? f[1] : "";
                    start = number;
                    sql.setLength(0);
                } else if (line.startsWith("-- @")) {
                    throw new IllegalStateException(resource + ":" + number + ": unknown directive: " + line);
                } else if (read != null) {
                    sql.append(line).append('\n');
                }
            }
            if (read != null) {
                entries.add(entry(resource, start, read, label, sql));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private static Entry entry(String resource, int line, boolean read, String label, StringBuilder sql) {
        String text = sql.toString().strip();
        if (text.isEmpty()) {
            throw new IllegalStateException(resource + ":" + line + ": entry without a statement");
        }
        return new Entry(resource, line, read, label, text);
    }
}

package io.rwsplit.routing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a classification corpus file ({@code classification-corpus-*.txt}; the format is described at the top of
 * each file). Kept dependency-free so driver integration tests can reuse it.
 */
final class ClassificationCorpus {

    /** The critical tables every corpus file is written against. */
    static final List<String> CRITICAL_TABLES = List.of("inventory", "shop.payments");

    record Case(String resource, int line, Reason kind, boolean critical, boolean pins, TransactionControl tx,
                String hint, String sql) {
        @Override
        public String toString() {
            return resource + ":" + line + " " + sql.replace("\n", "\\n");
        }
    }

    private ClassificationCorpus() {
    }

    static List<Case> load(String resource) {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = ClassificationCorpus.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(" \\| ", 6);
                if (f.length != 6) {
                    throw new IllegalStateException(resource + ":" + number + ": expected 6 fields: " + line);
                }
                cases.add(new Case(resource, number, Reason.valueOf(f[0].strip()), yes(f[1]), yes(f[2]),
                        f[3].strip().equals("-") ? TransactionControl.NONE : TransactionControl.valueOf(f[3].strip()),
                        f[4].strip(), f[5].replace("\\n", "\n").replace("\\t", "\t")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    private static boolean yes(String field) {
        switch (field.strip()) {
            case "y":
                return true;
            case "n":
                return false;
            default:
                throw new IllegalStateException("expected y or n, got " + field);
        }
    }
}

package io.rwsplit.consistency.internal;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM whose class path has slf4j-api and no provider, as a CLI tool's may: rwsplit's WARN lines still reach the
 * user, on {@code java.util.logging}'s console (stderr), and its INFO lines do not.
 */
class NoSlf4jProviderTest {

    /** Run in the child JVM. */
    public static final class Child {
        public static void main(String[] args) {
            org.slf4j.Logger log = RwSplitLoggers.get(NoSlf4jProviderTest.class);
            log.info("rwsplit started (an INFO line)");
            log.warn("rwsplit: replica {} lags {} ms, above the alert level of {} ms", "db2:5432", 812, 500);
        }
    }

    @Test
    void warnLinesReachStderrThroughJulWhenNoProviderIsThere() throws Exception {
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            boolean classes = name.equals("classes") || name.equals("test-classes");
            if (classes || name.startsWith("slf4j-api-")) {
                classPath.add(entry);
            }
        }
        assertEquals(3, classPath.size(), "classes, test-classes and slf4j-api: " + classPath);

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, classPath), Child.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), out);

        assertTrue(out.contains("No SLF4J providers were found"), "SLF4J really has no provider here:\n" + out);
        assertTrue(out.contains("WARNING: rwsplit: replica db2:5432 lags 812 ms, above the alert level of 500 ms"),
                out);
        assertFalse(out.contains("an INFO line"), out);
    }
}

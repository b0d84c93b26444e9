package io.rwsplit.routing;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The published rwsplit-routing jar (shaded: the parser, ANTLR, Guava and java-util relocated inside it) needs
 * nothing but what its pom declares, Caffeine and SLF4J: no class in it refers to a class that is neither in the
 * jar, nor in the JDK, nor in those two (annotations aside, which the JVM does not need). So the libraries left out
 * of the parser's dependencies (Groovy, Jackson, SnakeYAML, commons-lang3, the other dialects, ...) are not used by
 * any code path, not only by the ones the corpora take, and a test class path that happens to hold them cannot
 * hide a missing one. Checked with jdeps, on the jar Maven built ({@code rwsplit.routing.jar}).
 */
class PublishedJarTest {

    /** Annotations the shaded classes carry; the JVM loads none of them to run the code. */
    private static final List<String> ANNOTATION_PACKAGES = List.of("javax.annotation.",
            "com.google.errorprone.annotations.", "com.google.j2objc.annotations.", "org.checkerframework.");

    private static Path jar;

    @BeforeAll
    static void findJar() {
        String path = System.getProperty("rwsplit.routing.jar");
        assumeTrue(path != null && Files.isRegularFile(Path.of(path)),
                "runs under Maven, on the shaded jar (rwsplit.routing.jar)");
        jar = Path.of(path);
    }

    @Test
    void everythingInTheJarIsUnderIoRwsplit() throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> foreign = zip.stream().map(e -> e.getName())
                    .filter(n -> !n.startsWith("io/rwsplit/") && !n.startsWith("META-INF/") && !n.equals("io/"))
                    .collect(Collectors.toList());
            assertEquals(List.of(), foreign, "classes or resources outside io/rwsplit would meet the application's");
            assertTrue(zip.getEntry("io/rwsplit/routing/shaded/shardingsphere/sql/parser/api/SQLParserEngine.class")
                    != null, "the relocated parser is inside");
        }
    }

    @Test
    void theJarNeedsNothingButCaffeineAndSlf4j() {
        List<String> declared = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("caffeine-") || name.startsWith("slf4j-api-")) {
                declared.add(entry);
            }
        }
        assertEquals(2, declared.size(), "Caffeine and slf4j-api on the class path: " + declared);

        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(out), "--multi-release", "17", "-verbose:class",
                "-cp", String.join(File.pathSeparator, declared), jar.toString());
        assertEquals(0, rc, out.toString());

        TreeSet<String> missing = new TreeSet<>();
        for (String line : out.toString().split("\n")) {
            String[] f = line.trim().split("\\s+");
            // "<from class> -> <to class> not found"
            if (f.length >= 5 && f[1].equals("->") && line.endsWith("not found")) {
                String target = f[2];
                if (ANNOTATION_PACKAGES.stream().noneMatch(target::startsWith)) {
                    missing.add(f[0] + " -> " + target);
                }
            }
        }
        assertEquals(new TreeSet<String>(), missing, "classes the published jar refers to but does not bring");
    }
}

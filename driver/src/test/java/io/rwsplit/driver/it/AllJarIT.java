package io.rwsplit.driver.it;

import io.rwsplit.fixtures.DbNode;
import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rwsplit-driver-<version>-all.jar} alone, as a tool that takes one driver jar uses it: a plain program in a
 * JVM of its own whose class path is that jar and pgJDBC's, nothing else, against a real PostgreSQL primary with two
 * standbys. It writes on the primary, reads its write back on a standby, reports the build's version, and its WARN
 * line reaches stderr through java.util.logging (SLF4J, relocated inside the jar, has rwsplit's provider there).
 * Runs after {@code package} (failsafe), when the jar exists: {@code mvn -B -ntp -pl driver -am verify
 * -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=AllJarIT}.
 */
@ExtendWith(ReplicaWriteGuard.class)
class AllJarIT implements ReplicaWriteGuard.OnTopology {

    private static ReplicationTopology topology;

    @BeforeAll
    static void start() {
        topology = SharedTopologies.newPostgres("all-jar");
    }

    @AfterAll
    static void stop() {
        if (topology != null) {
            topology.close();
        }
    }

    @Override
    public ReplicationTopology topology() {
        return topology;
    }

    @Test
    void aPlainProgramRoutesThroughTheAllJarWithPgJdbcAsItsOnlyOtherJar() throws Exception {
        Path allJar = Path.of(System.getProperty("rwsplit.allJar"));
        assertTrue(Files.isRegularFile(allJar), allJar + " is built at package");
        String pgJdbc = List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
                .filter(e -> Path.of(e).getFileName().toString().startsWith("postgresql-")).findFirst().orElseThrow();
        Path program = Path.of(AllJarIT.class.getResource("/alljar/OneJarProgram.java").toURI());

        // maxReplicaLag under three probe intervals: a WARN line at connect, which must reach stderr
        String url = topology.rwsplitUrl("maxReplicaLag=500ms&probeInterval=200ms");
        String primary = topology.primary().address();
        Path stderr = Files.createTempFile("one-jar", ".err");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", allJar + File.pathSeparator + pgJdbc, program.toString(),
                url, topology.appUser(), topology.appPassword(), primary)
                .redirectError(stderr.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the program ends");
        String err = Files.readString(stderr);
        assertEquals(0, p.exitValue(), out + err);

        String version = System.getProperty("rwsplit.version");
        assertTrue(out.contains("driver rwsplit " + version + "\n"), out);
        assertTrue(out.contains("ddl on " + primary + " DDL"), out);
        assertTrue(out.contains("write on " + primary + " WRITE"), out);
        List<String> replicas = topology.replicas().stream().map(DbNode::address).collect(Collectors.toList());
        String read = out.lines().filter(l -> l.startsWith("read ")).findFirst().orElse("");
        assertTrue(read.startsWith("read one jar on ") && replicas.contains(read.split(" ")[4]),
                "the write read back on a standby " + replicas + ": " + read);

        assertTrue(err.contains("WARNING: rwsplit: maxReplicaLag=500ms is less than three times"), err);
        assertFalse(err.contains("SLF4J"), "no SLF4J notice: the relocated SLF4J has its provider\n" + err);
    }
}

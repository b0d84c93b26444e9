package io.rwsplit.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Why this exists: figures mean little without the machine they were measured on. This writes the report's machine
 * table: CPUs, CPU model, JDK and OS of the machine that renders it, and the lines of {@code machine.txt} that the
 * run wrote ({@code key=value}).
 */
final class MachineSection {
    private MachineSection() {
    }

    static void append(StringBuilder md, Path dir) throws IOException {
        md.append("## Machine\n\n");
        md.append("| what | value |\n|---|---|\n");
        md.append("| CPUs (nproc) | ").append(Runtime.getRuntime().availableProcessors()).append(" |\n");
        md.append("| CPU model | ").append(cpuModel()).append(" |\n");
        md.append("| JDK | ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" |\n");
        md.append("| OS | ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(" |\n");
        Path info = dir.resolve("machine.txt");
        if (Files.exists(info)) {
            for (String line : Files.readAllLines(info, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    md.append("| ").append(line, 0, eq).append(" | ").append(line.substring(eq + 1).trim())
                            .append(" |\n");
                }
            }
        }
        md.append('\n');
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }
}

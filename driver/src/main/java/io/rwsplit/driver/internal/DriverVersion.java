package io.rwsplit.driver.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The driver's version, written into {@code io/rwsplit/driver/rwsplit-driver.properties} by the build: what
 * {@code Driver.getMajorVersion()}, {@code getMinorVersion()} and {@code DatabaseMetaData.getDriverVersion()} report.
 */
public final class DriverVersion {
    /** The Maven version, such as {@code 0.1.0} or {@code 0.2.0-SNAPSHOT}. */
    public static final String VERSION = read();
    public static final int MAJOR = part(0);
    public static final int MINOR = part(1);

    private DriverVersion() {
    }

    private static String read() {
        try (InputStream in = DriverVersion.class.getResourceAsStream("/io/rwsplit/driver/rwsplit-driver.properties")) {
            if (in == null) {
                throw new IllegalStateException("io/rwsplit/driver/rwsplit-driver.properties is missing from the jar");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int part(int index) {
        String[] parts = VERSION.split("[.-]");
        return Integer.parseInt(parts[index]);
    }
}

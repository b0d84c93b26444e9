package io.rwsplit.driver.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URL;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Resolves a host name of the URL to the addresses it stands for now, for DNS discovery: the JVM's resolver
 * ({@link InetAddress#getAllByName}, which caches answers for {@code networkaddress.cache.ttl} seconds, 30 by
 * default), so rwsplit sees what the machine's DNS, {@code /etc/hosts} or {@code -Djdk.net.hosts.file} say.
 *
 * <p>Test seam: a class path resource {@value #TEST_NAMES}, carried only by test support jars, may name a class
 * ({@code resolver=<class>}) implementing {@code Function<String, List<String>>} (a name to IP addresses, null when it
 * does not know the name) that is asked first. Tests change what a name resolves to at run time through it, without
 * a hosts file that the JVM reads only at start, and without touching the JVM's DNS cache.
 */
final class NameResolver {
    /** The class path resource naming a test resolver. */
    static final String TEST_NAMES = "META-INF/rwsplit/test-names.properties";

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private NameResolver() {
    }

    /** Whether {@code host} is an IP address rather than a name (nothing to resolve). */
    static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || IPV4.matcher(host).matches();
    }

    /**
     * The addresses {@code name} resolves to now, in the resolver's order, without duplicates.
     *
     * @throws UnknownHostException when it resolves to nothing
     */
    static List<String> resolve(String name) throws UnknownHostException {
        Function<String, List<String>> test = TestResolver.INSTANCE;
        if (test != null) {
            List<String> addresses = test.apply(name);
            if (addresses != null) {
                if (addresses.isEmpty()) {
                    throw new UnknownHostException(name + ": no address");
                }
                return List.copyOf(new LinkedHashSet<>(addresses));
            }
        }
        Set<String> addresses = new LinkedHashSet<>();
        for (InetAddress a : InetAddress.getAllByName(name)) {
            addresses.add(a.getHostAddress());
        }
        return new ArrayList<>(addresses);
    }

    /** The test resolver on the class path, looked up once; null in production. */
    private static final class TestResolver {
        static final Function<String, List<String>> INSTANCE = load();

        @SuppressWarnings("unchecked")
        private static Function<String, List<String>> load() {
            try {
                ClassLoader loader = NameResolver.class.getClassLoader();
                Enumeration<URL> resources = loader == null ? ClassLoader.getSystemResources(TEST_NAMES)
                        : loader.getResources(TEST_NAMES);
                if (!resources.hasMoreElements()) {
                    return null;
                }
                Properties p = new Properties();
                try (InputStream in = resources.nextElement().openStream()) {
                    p.load(in);
                }
                String cls = p.getProperty("resolver", "").trim();
                Class<?> c = Class.forName(cls, true, loader == null ? ClassLoader.getSystemClassLoader() : loader);
                return (Function<String, List<String>>) c.getDeclaredConstructor().newInstance();
            } catch (IOException | ReflectiveOperationException | ClassCastException e) {
                throw new IllegalStateException(TEST_NAMES + " names no usable resolver: " + e, e);
            }
        }
    }
}

package io.rwsplit.consistency.internal;

import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;
import org.slf4j.spi.SLF4JServiceProvider;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Where rwsplit's own loggers come from. With an SLF4J provider (Logback, Log4j 2, slf4j-simple, ...), a plain SLF4J
 * logger. Without one, SLF4J 2 falls back to its no-operation logger and every line, lag alerts and failovers
 * included, would go nowhere (a CLI tool such as Liquibase's has no provider): then rwsplit's WARN and ERROR lines go
 * to {@code java.util.logging} instead ({@link JulWarnLogger}), as the vendor drivers' do, and below WARN stays
 * silent. No SLF4J binding is added to anyone's class path. An application that chose silence (slf4j-nop, or the
 * {@code slf4j.provider} property) keeps it.
 *
 * <pre>{@code
 * private static final Logger log = RwSplitLoggers.get(Cluster.class);
 * }</pre>
 */
public final class RwSplitLoggers {

    private RwSplitLoggers() {
    }

    /** Decided once, at the first logger rwsplit asks for (SLF4J binds its provider then, and only then). */
    private static final class Fallback {
        static final boolean TO_JUL = noProvider(LoggerFactory.getILoggerFactory(), providerDeclared());
    }

    public static Logger get(Class<?> type) {
        return Fallback.TO_JUL ? new JulWarnLogger(type.getName()) : LoggerFactory.getLogger(type);
    }

    /**
     * True when SLF4J runs on its no-operation fallback because no provider is there, not because one was chosen.
     *
     * @param factory what SLF4J bound
     * @param providerDeclared whether a provider is declared ({@code ServiceLoader}) or named by {@code slf4j.provider}
     */
    static boolean noProvider(ILoggerFactory factory, boolean providerDeclared) {
        return factory instanceof NOPLoggerFactory && !providerDeclared;
    }

    private static boolean providerDeclared() {
        if (System.getProperty("slf4j.provider") != null) {
            return true;
        }
        try {
            // where SLF4J itself looks
            return ServiceLoader.load(SLF4JServiceProvider.class, LoggerFactory.class.getClassLoader()).iterator()
                    .hasNext();
        } catch (ServiceConfigurationError e) {
            return true; // a provider is declared but broken: SLF4J has said so on stderr; do not second-guess it
        } catch (LinkageError e) {
            return true; // slf4j-api 1.7 (no SLF4JServiceProvider): keep its own behaviour, JulWarnLogger needs 2.x
        }
    }
}

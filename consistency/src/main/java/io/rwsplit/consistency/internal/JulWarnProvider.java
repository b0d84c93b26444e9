package io.rwsplit.consistency.internal;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * An SLF4J provider of {@link JulWarnLogger}s. Declared only in {@code rwsplit-driver-<version>-all.jar}, where SLF4J
 * is relocated inside rwsplit: there it gives rwsplit and the libraries inside it (HikariCP, Resilience4j) WARN and
 * ERROR on {@code java.util.logging}, silently. The thin jars never declare it: it is no binding for anyone else.
 */
public final class JulWarnProvider implements SLF4JServiceProvider {

    private final ConcurrentMap<String, JulWarnLogger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, JulWarnLogger::new);
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up
    }
}

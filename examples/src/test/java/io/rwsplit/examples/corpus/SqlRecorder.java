package io.rwsplit.examples.corpus;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Test-only JDBC proxy of the SQL capture ({@link SqlCaptureIT}): wraps a {@link DataSource} so that every SQL
 * text the application's frameworks hand to JDBC (prepared, called, executed or batched) is recorded, exactly as
 * rwsplit receives it to classify. Statements rwsplit itself sends (probes) do not pass through here, nor do the
 * vendor drivers' metadata queries.
 */
final class SqlRecorder {
    private final Set<String> texts = new LinkedHashSet<>();

    /** Every distinct text recorded, in first-seen order. */
    synchronized List<String> texts() {
        return new ArrayList<>(texts);
    }

    private synchronized void record(String sql) {
        if (sql != null) {
            texts.add(sql);
        }
    }

    /** A data source whose connections record the SQL sent through them; {@code close()} reaches the original. */
    DataSource wrap(DataSource target) {
        return proxy(target, (proxy, m, args) -> {
            Object result = invoke(target, m, args);
            return result instanceof Connection c ? connection(c) : result;
        }, DataSource.class, AutoCloseable.class);
    }

    private Connection connection(Connection target) {
        return proxy(target, (proxy, m, args) -> {
            String name = m.getName();
            if ((name.equals("prepareStatement") || name.equals("prepareCall")) && args != null
                    && args[0] instanceof String sql) {
                record(sql);
            }
            Object result = invoke(target, m, args);
            if (result instanceof CallableStatement s) {
                return statement(s, CallableStatement.class);
            }
            if (result instanceof PreparedStatement s) {
                return statement(s, PreparedStatement.class);
            }
            if (result instanceof Statement s) {
                return statement(s, Statement.class);
            }
            return result;
        }, Connection.class);
    }

    private <T extends Statement> T statement(T target, Class<T> type) {
        return proxy(target, (proxy, m, args) -> {
            String name = m.getName();
            if ((name.startsWith("execute") || name.equals("addBatch")) && args != null && args.length > 0
                    && args[0] instanceof String sql) {
                record(sql);
            }
            if (name.equals("getConnection")) {
                return connection((Connection) invoke(target, m, args));
            }
            return invoke(target, m, args);
        }, type);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Object target, InvocationHandler handler, Class<?>... types) {
        InvocationHandler h = (proxy, m, args) -> {
            if (m.getName().equals("unwrap") && args != null && args[0] instanceof Class<?> c && c.isInstance(target)) {
                return target;
            }
            if (m.getName().equals("isWrapperFor") && args != null && args[0] instanceof Class<?> c
                    && c.isInstance(target)) {
                return true;
            }
            return handler.invoke(proxy, m, args);
        };
        return (T) Proxy.newProxyInstance(SqlRecorder.class.getClassLoader(), types, h);
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

package io.rwsplit.examples.spring;

import io.rwsplit.driver.RwSplitConnection;
import io.rwsplit.fixtures.SharedTopologies;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Test bean: for each transaction Spring commits, records where it ran. Spring Boot registers every
 * {@link TransactionExecutionListener} bean with its transaction manager, so the service's own
 * {@code @Transactional} attributes decide the transaction; nothing in the application is changed for the test.
 */
public class ServingNodes implements TransactionExecutionListener {

    /**
     * One committed transaction.
     *
     * @param method      the {@code @Transactional} method (simple name)
     * @param readOnly    as Spring began it
     * @param lastNode    where the method's last statement ran: {@link RwSplitConnection#lastNode()}
     * @param port        the port of the server that holds the transaction: {@code SELECT @@port} run inside it
     * @param flushNode   where the last statement ran once committed (Hibernate flushes during the commit)
     */
    public record Served(String method, boolean readOnly, String lastNode, int port, String flushNode) {
    }

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final String portQuery = "SELECT " + SharedTopologies.mariadb().serverPortExpression();
    private final List<Served> served = new ArrayList<>();
    private Served pending;

    public ServingNodes(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public synchronized void beforeCommit(TransactionExecution tx) {
        String lastNode = lastNode();
        Integer port = jdbc.queryForObject(portQuery, Integer.class); // joins the transaction's connection
        String name = tx.getTransactionName();
        pending = new Served(name.substring(name.lastIndexOf('.') + 1), tx.isReadOnly(), lastNode,
                port == null ? -1 : port, null);
    }

    @Override
    public synchronized void afterCommit(TransactionExecution tx, Throwable failure) {
        if (pending != null && failure == null) {
            served.add(new Served(pending.method(), pending.readOnly(), pending.lastNode(), pending.port(),
                    lastNode()));
        }
        pending = null;
    }

    /** The transaction's connection (still bound to it here) as rwsplit sees it. */
    private String lastNode() {
        Connection c = DataSourceUtils.getConnection(dataSource);
        try {
            return c.unwrap(RwSplitConnection.class).lastNode();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            DataSourceUtils.releaseConnection(c, dataSource);
        }
    }

    /** The last committed transaction of {@code method}. */
    public synchronized Served last(String method) {
        for (int i = served.size() - 1; i >= 0; i--) {
            if (served.get(i).method().equals(method)) {
                return served.get(i);
            }
        }
        throw new AssertionError("no committed transaction of " + method + " in " + served);
    }

    public synchronized void clear() {
        served.clear();
    }
}

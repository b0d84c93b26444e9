package io.rwsplit.driver.internal;

import io.rwsplit.driver.internal.StatementShape.Keys;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What one execution does on its physical statement once it is routed, created and configured: one constant per JDBC
 * execute method (these, and the prepared ones in {@link RoutedPreparedStatement}), each a lambda that captures
 * nothing, so an execution allocates nothing for it.
 *
 * @param <R> what the JDBC method returns
 */
final class Execution<R> {
    /** What the statement does with the results, and whether its physical statement may serve the next execution. */
    enum Kind {
        /** A result set: the execution ends when it is closed. */
        QUERY,
        /** An update count: the execution ends at once (unless generated keys are to be read). */
        UPDATE,
        /** Results of any kind, read by the application: the execution ends with the next one, or close. */
        EXECUTE,
        /** A batch: physical statements are never reused for it (the batch is added to each). */
        BATCH
    }

    @FunctionalInterface
    interface Body<R> {
        R run(RoutedStatement st, Statement phys, String sql, Keys keys) throws SQLException;
    }

    final Kind kind;
    final Body<R> body;

    Execution(Kind kind, Body<R> body) {
        this.kind = kind;
        this.body = body;
    }

    static final Execution<ResultSet> QUERY = new Execution<>(Kind.QUERY, (st, s, sql, k) -> s.executeQuery(sql));

    static final Execution<Integer> UPDATE = new Execution<>(Kind.UPDATE, (st, s, sql, k) ->
            k.columnIndexes() != null ? s.executeUpdate(sql, k.columnIndexes())
                    : k.columnNames() != null ? s.executeUpdate(sql, k.columnNames())
                    : k == Keys.RETURN ? s.executeUpdate(sql, Statement.RETURN_GENERATED_KEYS) : s.executeUpdate(sql));

    static final Execution<Long> LARGE_UPDATE = new Execution<>(Kind.UPDATE, (st, s, sql, k) ->
            k.columnIndexes() != null ? s.executeLargeUpdate(sql, k.columnIndexes())
                    : k.columnNames() != null ? s.executeLargeUpdate(sql, k.columnNames())
                    : k == Keys.RETURN ? s.executeLargeUpdate(sql, Statement.RETURN_GENERATED_KEYS)
                    : s.executeLargeUpdate(sql));

    static final Execution<Boolean> EXECUTE = new Execution<>(Kind.EXECUTE, (st, s, sql, k) ->
            k.columnIndexes() != null ? s.execute(sql, k.columnIndexes())
                    : k.columnNames() != null ? s.execute(sql, k.columnNames())
                    : k == Keys.RETURN ? s.execute(sql, Statement.RETURN_GENERATED_KEYS) : s.execute(sql));

    static final Execution<int[]> BATCH = new Execution<>(Kind.BATCH,
            (st, s, sql, k) -> st.addBatchTo(s).executeBatch());

    static final Execution<long[]> LARGE_BATCH = new Execution<>(Kind.BATCH,
            (st, s, sql, k) -> st.addBatchTo(s).executeLargeBatch());
}

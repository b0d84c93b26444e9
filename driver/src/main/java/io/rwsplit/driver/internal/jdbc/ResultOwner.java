package io.rwsplit.driver.internal.jdbc;

import java.sql.SQLException;

/** What a {@link RoutedResultSet} tells when the application closes it: the end of an execution, or of a lend. */
@FunctionalInterface
public interface ResultOwner {
    void resultClosed(RoutedResultSet rs) throws SQLException;
}

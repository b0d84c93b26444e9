package io.rwsplit.driver.it;

import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;

/** Bad input on MariaDB is refused or answered, and hurts no other session nor the breaker (issue 14). */
class MariaDbExtremeInputIT extends AbstractExtremeInputTest {
    @Override
    public ReplicationTopology topology() {
        return SharedTopologies.mariadb();
    }

    @Override
    String insertCounterSql() {
        return "INSERT IGNORE INTO counters VALUES ('{name}', 0)";
    }
}

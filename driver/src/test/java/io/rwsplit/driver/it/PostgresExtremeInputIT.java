package io.rwsplit.driver.it;

import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;

/** Bad input on PostgreSQL is refused or answered, and hurts no other session nor the breaker (issue 14). */
class PostgresExtremeInputIT extends AbstractExtremeInputTest {
    @Override
    public ReplicationTopology topology() {
        return SharedTopologies.postgresql();
    }

    @Override
    String insertCounterSql() {
        return "INSERT INTO counters VALUES ('{name}', 0) ON CONFLICT DO NOTHING";
    }
}

package io.rwsplit.driver.it;

import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;
import io.rwsplit.fixtures.sql.MustPrimarySql;

/** The generated must-primary corpus on PostgreSQL (see {@link AbstractMustPrimaryCorpusTest}). */
class PostgresMustPrimaryCorpusIT extends AbstractMustPrimaryCorpusTest {
    @Override
    public ReplicationTopology topology() {
        return SharedTopologies.postgresql();
    }

    @Override
    MustPrimarySql.Dialect dialect() {
        return MustPrimarySql.Dialect.POSTGRESQL;
    }
}

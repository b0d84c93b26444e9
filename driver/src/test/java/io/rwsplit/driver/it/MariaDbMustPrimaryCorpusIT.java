package io.rwsplit.driver.it;

import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;
import io.rwsplit.fixtures.sql.MustPrimarySql;

/** The generated must-primary corpus on MariaDB (see {@link AbstractMustPrimaryCorpusTest}). */
class MariaDbMustPrimaryCorpusIT extends AbstractMustPrimaryCorpusTest {
    @Override
    public ReplicationTopology topology() {
        return SharedTopologies.mariadb();
    }

    @Override
    MustPrimarySql.Dialect dialect() {
        return MustPrimarySql.Dialect.MYSQL;
    }
}

package io.rwsplit.driver.it;

import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;

import java.util.List;

class MariaDbSessionStateIT extends AbstractSessionStateTest {
    @Override
    public ReplicationTopology topology() {
        return SharedTopologies.mariadb();
    }

    @Override
    List<SessionSet> sets() {
        return List.of(
                new SessionSet("SET time_zone = '+03:00'", "SELECT @@session.time_zone"),
                new SessionSet("SET SESSION sql_mode = 'ANSI_QUOTES'", "SELECT @@session.sql_mode"),
                new SessionSet("SET @cart = 42", "SELECT CAST(@cart AS CHAR)"),
                new SessionSet("SET NAMES utf8mb3", "SELECT @@session.character_set_client"),
                new SessionSet("SET @@session.max_statement_time = 7", "SELECT @@session.max_statement_time"));
    }
}

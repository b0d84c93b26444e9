package io.rwsplit.driver.it;

import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;

import java.util.List;

class PostgresSessionStateIT extends AbstractSessionStateTest {
    @Override
    public ReplicationTopology topology() {
        return SharedTopologies.postgresql();
    }

    @Override
    List<SessionSet> sets() {
        return List.of(
                new SessionSet("SET TIME ZONE 'Asia/Tokyo'", "SHOW TimeZone"),
                new SessionSet("SET search_path TO shop, public", "SHOW search_path"),
                new SessionSet("SET SESSION statement_timeout = 4321", "SHOW statement_timeout"),
                new SessionSet("SET application_name = 'rwsplit-it'", "SHOW application_name"),
                new SessionSet("SELECT set_config('myapp.tenant', '7', false)",
                        "SELECT coalesce(current_setting('myapp.tenant', true), '')"));
    }
}

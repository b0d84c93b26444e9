package io.rwsplit.examples.spring;

import com.zaxxer.hikari.HikariDataSource;
import io.rwsplit.driver.RwSplitConnection;
import io.rwsplit.driver.RwSplitDriver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Wiring (b): Spring Boot's own HikariCP pool over {@code spring.datasource.url=jdbc:rwsplit:...}. */
class SpringBootDataSourceIT extends AbstractShopTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url",
                () -> ExampleDatabase.rwsplitUrl(TOPOLOGY, "criticalTables=inventory,payments&" + TEST_OPTIONS));
        registry.add("spring.datasource.username", TOPOLOGY::appUser);
        registry.add("spring.datasource.password", TOPOLOGY::appPassword);
    }

    @Autowired
    DataSource dataSource;

    @Test
    void springBootPoolsRwSplitConnectionsWithHikari() throws SQLException {
        assertThat(dataSource).isInstanceOf(HikariDataSource.class);
        assertThat(((HikariDataSource) dataSource).getDriverClassName()).isEqualTo(RwSplitDriver.class.getName());
        try (Connection c = dataSource.getConnection()) {
            assertThat(c.isWrapperFor(RwSplitConnection.class)).isTrue();
        }
    }

    @Test
    void noPooledConnectionIsLeftPinnedToThePrimaryByFlyway() throws SQLException {
        HikariDataSource pool = (HikariDataSource) dataSource;
        List<Connection> all = new ArrayList<>();
        try {
            for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
                all.add(pool.getConnection());
            }
            for (Connection c : all) {
                assertThat(c.unwrap(RwSplitConnection.class).isPinnedToPrimary()).as(c.toString()).isFalse();
            }
        } finally {
            for (Connection c : all) {
                c.close();
            }
        }
    }
}

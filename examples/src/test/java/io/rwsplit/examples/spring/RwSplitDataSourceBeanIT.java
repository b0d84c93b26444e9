package io.rwsplit.examples.spring;

import io.rwsplit.driver.RwSplitDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Wiring (a): an {@link RwSplitDataSource} bean ({@link RwSplitDataSourceConfiguration}). */
@ActiveProfiles("rwsplit-bean")
class RwSplitDataSourceBeanIT extends AbstractShopTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("shop.datasource.url", () -> ExampleDatabase.rwsplitUrl(TOPOLOGY, ""));
        registry.add("shop.datasource.username", TOPOLOGY::appUser);
        registry.add("shop.datasource.password", TOPOLOGY::appPassword);
        // critical-tables comes from application-rwsplit-bean.properties; these are the test's (see AbstractShopTest)
        registry.add("shop.datasource.read-your-writes", () -> "off");
        registry.add("shop.datasource.max-replica-lag", () -> "2s");
    }

    @Autowired
    DataSource dataSource;

    @Test
    void theApplicationRunsOnTheRwSplitDataSourceBean() {
        assertThat(dataSource).isInstanceOf(RwSplitDataSource.class);
    }
}

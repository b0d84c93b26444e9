package io.rwsplit.examples.spring;

import io.rwsplit.driver.RwSplitDataSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * rwsplit as the application's {@code DataSource} bean, configured from {@code shop.datasource.*}
 * ({@code url}, {@code username}, {@code password}, and rwsplit's options as bean properties:
 * {@code critical-tables}, {@code max-replica-lag}, ...). rwsplit pools the physical connections of each node
 * itself, so no other pool goes around it. Spring Boot's own data source then steps aside.
 */
@Configuration(proxyBeanMethods = false)
@Profile("rwsplit-bean")
public class RwSplitDataSourceConfiguration {

    @Bean
    @ConfigurationProperties("shop.datasource")
    public RwSplitDataSource dataSource() {
        return new RwSplitDataSource(); // closed with the context (its close() method is inferred)
    }
}

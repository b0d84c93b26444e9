package io.rwsplit.examples.corpus;

import io.rwsplit.driver.RwSplitDataSource;
import io.rwsplit.examples.spring.Product;
import io.rwsplit.examples.spring.ProductRepository;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.boot.autoconfigure.flyway.FlywayDataSource;
import org.springframework.boot.autoconfigure.liquibase.LiquibaseDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

import javax.sql.DataSource;

/**
 * Test-only additions of the SQL capture ({@link SqlCaptureIT}) to the shop application: the test's
 * {@link Customer} entity and repository next to the shop's, and one rwsplit data source, wrapped by a
 * {@link SqlRecorder}, that the application, Flyway and Liquibase all use (so their SQL is recorded too).
 */
@Configuration(proxyBeanMethods = false)
@EntityScan(basePackageClasses = {Product.class, Customer.class})
@EnableJpaRepositories(basePackageClasses = {ProductRepository.class, CustomerRepository.class})
class SqlCaptureConfiguration {

    /** Set by the test before the context starts: one capture per context. */
    static volatile SqlRecorder recorder;

    @Bean
    @FlywayDataSource
    @LiquibaseDataSource
    DataSource dataSource(Environment env) {
        RwSplitDataSource rwsplit = new RwSplitDataSource();
        rwsplit.setUrl(env.getRequiredProperty("capture.url"));
        rwsplit.setUsername(env.getRequiredProperty("capture.username"));
        rwsplit.setPassword(env.getRequiredProperty("capture.password"));
        return recorder.wrap(rwsplit);
    }
}

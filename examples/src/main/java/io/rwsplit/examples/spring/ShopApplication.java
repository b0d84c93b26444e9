package io.rwsplit.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small shop on rwsplit: a product catalogue read from replicas, inventory and payments (critical tables) on the
 * primary. The data source is either Spring Boot's own (HikariCP over {@code spring.datasource.url=jdbc:rwsplit:...},
 * see {@code application.properties}) or, with the {@code rwsplit-bean} profile, an {@code RwSplitDataSource} bean
 * ({@link RwSplitDataSourceConfiguration}). Flyway creates the schema at start, through rwsplit, on the primary.
 */
@SpringBootApplication
public class ShopApplication {
    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }
}

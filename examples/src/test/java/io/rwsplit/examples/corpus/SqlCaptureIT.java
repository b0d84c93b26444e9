package io.rwsplit.examples.corpus;

import io.rwsplit.examples.spring.Product;
import io.rwsplit.examples.spring.ProductRepository;
import io.rwsplit.examples.spring.ShopApplication;
import io.rwsplit.examples.spring.ShopService;
import io.rwsplit.fixtures.Flavor;
import io.rwsplit.fixtures.FixturePaths;
import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;
import liquibase.integration.spring.SpringLiquibase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.simple.SimpleJdbcInsert;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Captures the SQL that Hibernate, Spring Data JPA, Spring JDBC, Flyway and Liquibase send through rwsplit for the
 * common operations, on the real MariaDB and PostgreSQL topologies, into
 * {@code examples/target/sql-capture/frameworks-<dialect>.sql}: the raw material of the routing module's framework
 * corpus ({@code routing/src/test/resources/corpus/}, issue 14), which is deduplicated and annotated by hand.
 * Opt-in, as it starts both topologies and two application contexts:
 *
 * <pre>mvn -B -ntp -pl examples -am verify -Dit.test=SqlCaptureIT -Dfailsafe.failIfNoSpecifiedTests=false -Drwsplit.captureSql=true</pre>
 *
 * Each dialect runs on a database of its own ({@code sql_capture}), dropped and created anew, so that Flyway and
 * Liquibase start from nothing and send their first-run SQL.
 */
@EnabledIfSystemProperty(named = "rwsplit.captureSql", matches = "true")
class SqlCaptureIT {
    static final String DATABASE = "sql_capture";

    @Test
    void mariadb() throws Exception {
        capture(SharedTopologies.mariadb(), "mysql", "classpath:db/migration,classpath:corpus/migration/mariadb");
    }

    @Test
    void postgresql() throws Exception {
        capture(SharedTopologies.postgresql(), "postgresql", "classpath:corpus/migration/postgresql");
    }

    private static void capture(ReplicationTopology t, String dialect, String migrations) throws Exception {
        recreateDatabase(t);
        SqlRecorder recorder = new SqlRecorder();
        SqlCaptureConfiguration.recorder = recorder;
        boolean mariadb = t.flavor() == Flavor.MARIADB;
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(ShopApplication.class,
                SqlCaptureConfiguration.class).run(
                "--capture.url=" + url(t),
                "--capture.username=" + t.appUser(),
                "--capture.password=" + t.appPassword(),
                "--spring.flyway.locations=" + migrations,
                // Liquibase may run first: Flyway then finds a non-empty schema and baselines it (more Flyway SQL)
                "--spring.flyway.baseline-on-migrate=true",
                "--spring.flyway.baseline-version=0",
                "--spring.liquibase.change-log=classpath:corpus/liquibase/changelog.xml",
                "--spring.jpa.properties.hibernate.jdbc.batch_size=20",
                "--spring.jpa.properties.hibernate.order_inserts=true",
                "--spring.jpa.properties.hibernate.order_updates=true",
                "--spring.main.banner-mode=off")) {
            exerciseShop(ctx, mariadb);
            exerciseRepository(ctx);
            exerciseJdbc(ctx.getBean(DataSource.class), mariadb);
            // Second runs: the "already up to date" paths
            ctx.getBean(Flyway.class).migrate();
            ctx.getBean(Flyway.class).validate();
            ctx.getBean(SpringLiquibase.class).afterPropertiesSet();
        }
        write(dialect, recorder.texts());
    }

    private static void exerciseShop(ConfigurableApplicationContext ctx, boolean mariadb) {
        ShopService shop = ctx.getBean(ShopService.class);
        assertThat(shop.catalogue()).isNotEmpty();
        Product apple = shop.catalogue().get(0);
        shop.page(apple.getId());
        shop.stock(apple.getId());
        shop.revenue(apple.getId());
        shop.reprice(apple.getId(), new BigDecimal("0.55"));
        if (mariadb) { // the shop's inventory upsert is MySQL syntax
            shop.buy(apple.getId(), 1);
            shop.addProduct("tea", new BigDecimal("3.00"), 10);
        } else { // pgjdbc returns every column as a generated key, which PaymentRepository does not expect
            assertThatThrownBy(() -> shop.buy(apple.getId(), 1)).isInstanceOf(RuntimeException.class);
        }
        ProductRepository products = ctx.getBean(ProductRepository.class);
        Product p = products.save(new Product("salt", new BigDecimal("1.00")));
        products.findAll(PageRequest.of(0, 2, Sort.by("price").descending()));
        products.existsById(p.getId());
        products.count();
        products.delete(p);
    }

    private static void exerciseRepository(ConfigurableApplicationContext ctx) {
        CustomerRepository customers = ctx.getBean(CustomerRepository.class);
        TransactionTemplate tx = new TransactionTemplate(ctx.getBean(PlatformTransactionManager.class));
        TransactionTemplate readOnly = new TransactionTemplate(ctx.getBean(PlatformTransactionManager.class));
        readOnly.setReadOnly(true);

        List<Customer> batch = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            batch.add(new Customer("first" + i % 4, "last" + i % 7, "c" + i + "@example" + i % 3 + ".org"));
        }
        customers.saveAll(batch); // sequence + batched inserts
        Customer ada = customers.save(new Customer("Ada", "Lovelace", "ada@example.org"));

        customers.findById(ada.getId());
        customers.findAllById(List.of(ada.getId(), batch.get(0).getId()));
        customers.findAllById(List.of(batch.get(1).getId(), batch.get(2).getId(), batch.get(3).getId(),
                batch.get(4).getId(), batch.get(5).getId()));
        customers.findByLastNameContaining("ove", PageRequest.of(0, 5, Sort.by("lastName")));
        customers.findByLastNameContaining("ast", PageRequest.of(1, 5)); // a later page: count query too
        customers.findByLastNameStartingWithIgnoreCase("LA", Sort.by(Sort.Order.desc("email")));
        customers.findByEmailEndingWith(".org");
        customers.findByLastNameLike("La%");
        customers.findByFirstNameNotContaining("x", PageRequest.of(0, 3));
        customers.countByLastNameContaining("a");
        customers.existsByEmail("ada@example.org");
        customers.findByLastNameIn(List.of("last1", "last2", "last3"));
        customers.findFirstByOrderByLastNameDesc();
        customers.findTop3ByLastNameOrderByIdAsc("last1");
        customers.jpqlByDomain("example1.org");
        customers.jpqlPageByLastName("last2", PageRequest.of(1, 2));
        customers.nativeByLastName("Lovelace");
        customers.nativeCountByDomain("example.org");
        customers.findAll(PageRequest.of(2, 4, Sort.by("id")));
        customers.findAll(Sort.by("lastName", "firstName"));
        customers.count();
        customers.existsById(ada.getId());
        readOnly.executeWithoutResult(s -> customers.findByLastNameContaining("ove", PageRequest.of(0, 5)));

        tx.executeWithoutResult(s -> customers.lockForUpdate(ada.getId()));
        tx.executeWithoutResult(s -> customers.lockForShare(ada.getId()));
        tx.executeWithoutResult(s -> customers.findByLastName("Lovelace"));
        tx.executeWithoutResult(s -> customers.findTop2ByFirstNameOrderById("first1"));
        tx.executeWithoutResult(s -> customers.findByEmail("ada@example.org"));
        tx.executeWithoutResult(s -> customers.jpqlUpdateEmail(ada.getId(), "ada@lovelace.org"));

        // update with optimistic locking, and a stale copy that loses
        Customer fresh = customers.findById(ada.getId()).orElseThrow();
        fresh.setEmail("countess@example.org");
        customers.save(fresh);
        Customer stale = customers.findById(ada.getId()).orElseThrow();
        tx.executeWithoutResult(s -> customers.findById(ada.getId()).orElseThrow().setEmail("other@example.org"));
        stale.setEmail("stale@example.org");
        assertThatThrownBy(() -> customers.save(stale)).isInstanceOf(OptimisticLockingFailureException.class);

        // a batch of updates in one transaction
        tx.executeWithoutResult(s -> customers.findByLastNameIn(List.of("last4", "last5"))
                .forEach(c -> c.setEmail(c.getEmail() + ".uk")));

        tx.executeWithoutResult(s -> customers.deleteByEmail("c1@example1.org"));
        customers.deleteById(batch.get(2).getId());
        customers.delete(customers.findById(batch.get(3).getId()).orElseThrow());
        customers.deleteAllInBatch(List.of(customers.findById(batch.get(4).getId()).orElseThrow(),
                customers.findById(batch.get(5).getId()).orElseThrow()));
        customers.deleteAllByIdInBatch(List.of(batch.get(6).getId()));
    }

    private static void exerciseJdbc(DataSource ds, boolean mariadb) {
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(jdbc);
        jdbc.queryForObject("SELECT COUNT(*) FROM customers", Long.class);
        jdbc.queryForList("SELECT id, email FROM customers WHERE last_name = ? ORDER BY id LIMIT 10", "last1");
        jdbc.query("SELECT c.id, c.email FROM customers c JOIN customers d ON d.id = c.id WHERE c.id > ?",
                (rs, i) -> rs.getLong(1), 0L);
        jdbc.update("UPDATE customers SET email = ? WHERE id = ?", "x@example.org", -1L);
        jdbc.batchUpdate("INSERT INTO products (name, price) VALUES (?, ?)",
                List.of(new Object[] {"pepper", new BigDecimal("2.00")}, new Object[] {"sugar", new BigDecimal("1.5")}));
        jdbc.update("DELETE FROM products WHERE name IN ('pepper', 'sugar')");
        named.queryForList("SELECT id FROM customers WHERE last_name IN (:names)",
                Map.of("names", List.of("last1", "last2")), Long.class);
        named.queryForList("SELECT id FROM customers WHERE last_name IN (:names)",
                Map.of("names", List.of("last1", "last2", "last3", "last4")), Long.class);
        named.queryForObject("SELECT COUNT(*) FROM customers WHERE email LIKE :pattern AND version >= :v",
                new MapSqlParameterSource("pattern", "%.org").addValue("v", 0), Long.class);
        named.update("UPDATE customers SET version = version + 1 WHERE last_name = :name", Map.of("name", "none"));
        new SimpleJdbcInsert(jdbc).withTableName("products").usingColumns("name", "price")
                .usingGeneratedKeyColumns("id")
                .executeAndReturnKey(Map.of("name", "vinegar", "price", new BigDecimal("2.10")));
        JdbcClient client = JdbcClient.create(ds);
        client.sql("SELECT name FROM products WHERE price BETWEEN :low AND :high ORDER BY name")
                .param("low", BigDecimal.ONE).param("high", BigDecimal.TEN).query(String.class).list();
        TransactionTemplate tx = new TransactionTemplate(
                new org.springframework.jdbc.datasource.DataSourceTransactionManager(ds));
        tx.executeWithoutResult(s -> jdbc.queryForList(
                "SELECT id FROM products WHERE name = ? FOR UPDATE", String.class, "vinegar"));
        if (mariadb) {
            jdbc.update("INSERT INTO inventory (product_id, quantity) SELECT id, 1 FROM products WHERE name = ? "
                    + "ON DUPLICATE KEY UPDATE quantity = quantity + 1", "vinegar");
        } else {
            jdbc.update("INSERT INTO inventory (product_id, quantity) SELECT id, 1 FROM products WHERE name = ? "
                    + "ON CONFLICT (product_id) DO UPDATE SET quantity = inventory.quantity + 1", "vinegar");
        }
    }

    /** The topology's rwsplit URL on the capture's database. */
    private static String url(ReplicationTopology t) {
        String url = t.rwsplitUrl("maxReplicaLag=2s");
        int query = url.indexOf('?');
        String path = url.substring(0, query);
        return path.substring(0, path.lastIndexOf('/') + 1) + DATABASE + url.substring(query);
    }

    private static void recreateDatabase(ReplicationTopology t) throws SQLException {
        try (Connection c = t.primary().adminConnection(); Statement s = c.createStatement()) {
            if (t.flavor() == Flavor.MARIADB) {
                s.execute("DROP DATABASE IF EXISTS " + DATABASE);
                s.execute("CREATE DATABASE " + DATABASE);
                try (PreparedStatement hosts = c.prepareStatement("SELECT host FROM mysql.user WHERE user = ?")) {
                    hosts.setString(1, t.appUser());
                    try (ResultSet rs = hosts.executeQuery()) {
                        while (rs.next()) {
                            s.execute("GRANT ALL PRIVILEGES ON " + DATABASE + ".* TO '" + t.appUser() + "'@'"
                                    + rs.getString(1) + "'");
                        }
                    }
                }
            } else {
                s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
                s.execute("CREATE DATABASE " + DATABASE + " OWNER " + t.appUser());
            }
        }
        t.awaitReplication(Duration.ofSeconds(30));
    }

    private static void write(String dialect, List<String> texts) throws IOException {
        Path dir = FixturePaths.targetDir().resolve("sql-capture");
        Files.createDirectories(dir);
        StringBuilder sb = new StringBuilder();
        for (String sql : texts) {
            sb.append("-- @captured\n").append(sql.strip()).append("\n\n");
        }
        Path file = dir.resolve("frameworks-" + dialect + ".sql");
        Files.writeString(file, sb, StandardCharsets.UTF_8);
        System.out.println("SQL capture: " + texts.size() + " texts in " + file.toAbsolutePath());
    }
}

package io.rwsplit.examples.spring;

import io.rwsplit.examples.ReplicaWriteGuard;
import io.rwsplit.examples.spring.ServingNodes.Served;
import io.rwsplit.fixtures.DbNode;
import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shop on the shared MariaDB topology, whatever the wiring. Each test asserts where the service's transactions
 * ran, as recorded by {@link ServingNodes}: the server's own {@code @@port} inside the transaction, and rwsplit's
 * {@code lastNode()}. {@link ReplicaWriteGuard} checks after each test, and after the class (application start and
 * Flyway included), that no data-changing statement reached a replica.
 *
 * <p>The application runs on a database of its own ({@link ExampleDatabase}). The wirings set
 * {@code readYourWrites=off}: a read-only transaction then goes to a replica even right after a write on the same
 * pooled connection, which these assertions need. {@code maxReplicaLag=2s} keeps a replica that is milliseconds
 * behind, but not yet measured as caught up, well inside the bound on a loaded machine.
 */
@ExtendWith(ReplicaWriteGuard.class)
// Liquibase is on the test class path for the SQL capture (io.rwsplit.examples.corpus.SqlCaptureIT) only
@SpringBootTest(classes = {ShopApplication.class, ServingNodes.class}, properties = "spring.liquibase.enabled=false")
abstract class AbstractShopTest {
    static final ReplicationTopology TOPOLOGY = SharedTopologies.mariadb();
    /** Test options common to both wirings; see the class comment. */
    static final String TEST_OPTIONS = "readYourWrites=off&maxReplicaLag=2s";

    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    private static final AtomicInteger NAMES = new AtomicInteger();

    @Autowired
    ShopService shop;
    @Autowired
    ServingNodes served;

    @BeforeEach
    void forgetEarlierTransactions() {
        served.clear();
    }

    @Test
    void flywayCreatedTheSchemaThroughRwSplitAndItReachedEveryReplica() throws SQLException {
        TOPOLOGY.awaitReplication(Duration.ofSeconds(30));
        List<DbNode> nodes = new ArrayList<>(TOPOLOGY.replicas());
        nodes.add(TOPOLOGY.primary());
        for (DbNode node : nodes) {
            try (Connection c = node.appConnection(); Statement s = c.createStatement()) {
                List<String> applied = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT version FROM " + ExampleDatabase.NAME
                        + ".flyway_schema_history WHERE success = 1 ORDER BY installed_rank")) {
                    while (rs.next()) {
                        applied.add(rs.getString(1));
                    }
                }
                assertThat(applied).as("migrations on %s", node.name()).containsExactly("1", "2");
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables "
                        + "WHERE table_schema = '" + ExampleDatabase.NAME + "' "
                        + "AND table_name IN ('products', 'inventory', 'payments')")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("shop tables on %s", node.name()).isEqualTo(3);
                }
            }
        }
    }

    @Test
    void readOnlyTransactionsRunOnAReplica() {
        assertThat(shop.catalogue()).extracting(Product::getName).contains("apple", "bread", "cheese");

        Served catalogue = served.last("catalogue");
        assertThat(catalogue.readOnly()).isTrue();
        assertReplica(catalogue.port(), catalogue.lastNode());
    }

    @Test
    void writeTransactionsRunOnThePrimaryFromTheirFirstStatementEvenARead() {
        Product tea = shop.addProduct(unique("tea"), new BigDecimal("3.00"), 10);
        assertPrimary(served.last("addProduct"));

        Receipt receipt = shop.buy(tea.getId(), 4); // SELECT product, UPDATE inventory, INSERT payment
        assertThat(receipt.amount()).isEqualByComparingTo("12.00");
        assertPrimary(served.last("buy"));
    }

    @Test
    void criticalTablesAreReadOnThePrimaryEvenInReadOnlyTransactions() {
        Product coffee = shop.addProduct(unique("coffee"), new BigDecimal("9.50"), 5);
        shop.buy(coffee.getId(), 2);

        // Right after the sale, without waiting for any replica: critical reads see it.
        assertThat(shop.stock(coffee.getId())).isEqualTo(3);
        assertThat(served.last("stock").readOnly()).isTrue();
        assertPrimary(served.last("stock"));

        assertThat(shop.revenue(coffee.getId())).isEqualByComparingTo("19.00");
        assertPrimary(served.last("revenue"));
    }

    @Test
    void aProductPageReadsTheProductOnAReplicaAndItsStockOnThePrimary() {
        Product honey = shop.addProduct(unique("honey"), new BigDecimal("6.00"), 7);
        TOPOLOGY.awaitReplication(Duration.ofSeconds(30)); // the replica part reads the new product

        ProductPage page = shop.page(honey.getId());

        assertThat(page.name()).isEqualTo(honey.getName());
        assertThat(page.inStock()).isEqualTo(7);
        Served served = this.served.last("page");
        assertReplica(served.port(), null); // the transaction (the product's SELECT) holds a replica
        assertThat(served.lastNode()).as("the stock's SELECT").isEqualTo(TOPOLOGY.primary().address());
    }

    @Test
    void hibernateWritesAtCommitRunOnThePrimary() throws SQLException {
        Product jam = shop.addProduct(unique("jam"), new BigDecimal("4.00"), 1);

        shop.reprice(jam.getId(), new BigDecimal("4.50")); // an UPDATE flushed by Hibernate during the commit

        assertPrimary(served.last("reprice"));
        try (Connection c = TOPOLOGY.primary().appConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT price FROM " + ExampleDatabase.NAME + ".products WHERE id = ?")) {
            ps.setLong(1, jam.getId());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("4.50");
            }
        }
    }

    @Test
    void aFailedSaleRollsBackOnThePrimary() {
        Product bun = shop.addProduct(unique("bun"), new BigDecimal("1.00"), 1);

        assertThatThrownBy(() -> shop.buy(bun.getId(), 2)).isInstanceOf(OutOfStockException.class);

        assertThat(shop.stock(bun.getId())).isEqualTo(1);
        assertThat(shop.revenue(bun.getId())).isEqualByComparingTo("0");
    }

    private static String unique(String name) {
        return name + "-" + RUN + "-" + NAMES.incrementAndGet();
    }

    private static void assertPrimary(Served s) {
        assertThat(s.port()).as("port of the server holding %s's transaction", s.method())
                .isEqualTo(TOPOLOGY.primary().port());
        assertThat(s.lastNode()).as("node of %s's last statement", s.method()).isEqualTo(TOPOLOGY.primary().address());
        assertThat(s.flushNode()).as("node of %s's last statement after commit", s.method())
                .isEqualTo(TOPOLOGY.primary().address());
    }

    /** The port (from the server) is a replica's; so is {@code lastNode} unless null. */
    private static void assertReplica(int port, String lastNode) {
        assertThat(TOPOLOGY.replicas()).extracting(DbNode::port).contains(port);
        assertThat(port).isNotEqualTo(TOPOLOGY.primary().port());
        if (lastNode != null) {
            assertThat(TOPOLOGY.replicas()).extracting(DbNode::address).contains(lastNode);
        }
    }
}

package io.rwsplit.driver;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's option table and {@link RwSplitOption}, the one table the code reads, say the same: the same keys,
 * in the same order, with the same defaults; and every default is a value the option accepts.
 */
class OptionTableReadmeTest {

    /** The README's option table: key to the text of its default column. */
    private static Map<String, String> readmeOptions() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "README.md"));
        Map<String, String> options = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : lines) {
            if (line.startsWith("| option | default | meaning |")) {
                inTable = true;
                continue;
            }
            if (inTable && !line.startsWith("|")) {
                break;
            }
            if (inTable && line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                options.put(cells[1].trim().replace("`", ""), cells[2].trim());
            }
        }
        return options;
    }

    @Test
    void theReadmeListsEveryOptionWithItsDefault() throws IOException {
        Map<String, String> readme = readmeOptions();
        List<String> keys = java.util.Arrays.stream(RwSplitOption.values()).map(RwSplitOption::key).toList();
        assertEquals(keys, List.copyOf(readme.keySet()), "the README's option table and RwSplitOption");
        for (RwSplitOption o : RwSplitOption.values()) {
            String column = readme.get(o.key());
            assertTrue(column.startsWith(o.documentedDefault()), () -> o.key() + ": the README says '" + column
                    + "', the table '" + o.documentedDefault() + "'");
        }
    }

    @Test
    void everyDefaultIsAcceptedAndBadValuesNameTheOption() throws SQLException {
        for (RwSplitOption o : RwSplitOption.values()) {
            o.parse(o.defaultValue());
            o.parse(null);
        }
        SQLException e = assertThrows(SQLException.class, () -> RwSplitOption.LOAD_BALANCE.parse("fastest"));
        assertEquals("HY024", e.getSQLState());
        assertTrue(e.getMessage().contains("loadBalance='fastest'") && e.getMessage().contains("round-robin"),
                e.getMessage());
        assertThrows(SQLException.class, () -> RwSplitOption.MAX_REPLICA_LAG.parse("soon"));
        assertThrows(SQLException.class, () -> RwSplitOption.POOL_MAX_SIZE.parse("0"));
        assertThrows(SQLException.class, () -> RwSplitOption.CRITICAL_TABLES.parse("a,,b"));
    }

    @Test
    void theDataSourceChecksASettingWhereItIsMade() {
        try (RwSplitDataSource ds = new RwSplitDataSource()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ds.setMaxReplicaLag("soon"));
            assertTrue(e.getMessage().contains("maxReplicaLag='soon'"), e.getMessage());
        }
    }
}

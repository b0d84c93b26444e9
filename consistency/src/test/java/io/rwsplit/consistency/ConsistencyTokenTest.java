package io.rwsplit.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ConsistencyTokenTest {

    private static final String[][] POSITIONS = {
        {"MARIADB_GTID", "0-1-100,1-2-7"},
        {"MARIADB_GTID", ""},
        {"MYSQL_GTID", "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-100:105"},
        {"POSTGRES_LSN", "16/B374D848"},
        {"POSTGRES_LSN", "0/0"},
    };

    @Test
    void tokenRoundTripsAndIsUrlSafe() {
        for (String[] p : POSITIONS) {
            ReplicationPosition pos = PositionKind.valueOf(p[0]).parse(p[1]);
            ConsistencyToken token = ConsistencyToken.of(pos);
            String text = token.format();
            assertTrue(text.matches("[A-Za-z0-9._-]+"), text);
            ConsistencyToken back = ConsistencyToken.parse(text);
            assertEquals(token, back);
            assertEquals(pos, back.position());
            assertEquals(pos.kind(), back.kind());
        }
        assertEquals("v1.pg.MC8xNkIzNzQ4", ConsistencyToken.of(PositionKind.POSTGRES_LSN.parse("0/16B3748")).format());
    }

    @Test
    void replicaSatisfiesATokenWhenItsAppliedPositionCoversIt() {
        ConsistencyToken token = ConsistencyToken.parse(
                ConsistencyToken.of(PositionKind.MARIADB_GTID.parse("0-1-100")).format());
        assertTrue(token.isSatisfiedBy(PositionKind.MARIADB_GTID.parse("0-1-100,1-1-3")));
        assertFalse(token.isSatisfiedBy(PositionKind.MARIADB_GTID.parse("0-1-99")));
        assertFalse(token.isSatisfiedBy(null));
        assertFalse(token.isSatisfiedBy(PositionKind.POSTGRES_LSN.parse("FFFFFFFF/FFFFFFFF")));
    }

    @Test
    void garbageIsRejectedWithAClearMessage() {
        String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString("nonsense".getBytes(StandardCharsets.UTF_8));
        String[] bad = {"", "hello", "v1", "v1.pg", "v2.pg.MC8w", "v1.ora.MC8w", "v1.pg.!!!", "v1.pg." + b64,
            "v1.pg.MC8w.extra", "v1.pg.MC8wMA==", "v1..MC8w"};
        for (String text : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ConsistencyToken.parse(text), text);
            assertTrue(e.getMessage().startsWith("malformed consistency token '" + text + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ConsistencyToken.parse(null));
        String huge = "v1.pg." + "A".repeat(100_000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConsistencyToken.parse(huge));
        assertTrue(e.getMessage().length() < 300, "long garbage is not echoed in full");
    }
}

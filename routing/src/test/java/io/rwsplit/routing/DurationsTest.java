package io.rwsplit.routing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurationsTest {

    @Test
    void parsesEachUnit() {
        assertEquals(500, Durations.parseMillis("500ms"));
        assertEquals(2000, Durations.parseMillis("2s"));
        assertEquals(60_000, Durations.parseMillis("1m"));
        assertEquals(7_200_000, Durations.parseMillis("2h"));
        assertEquals(250, Durations.parseMillis("250"));
        assertEquals(0, Durations.parseMillis("0"));
        assertEquals(200, Durations.parseMillis(" 200 MS "));
    }

    @Test
    void rejectsBadValuesNamingThem() {
        for (String bad : new String[] {"abc", "", "-5ms", "1.5s", "2d", "ms", "5 5", "99999999999999999999"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Durations.parseMillis(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Durations.parseMillis(null));
    }
}

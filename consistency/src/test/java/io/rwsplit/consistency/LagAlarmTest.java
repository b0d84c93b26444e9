package io.rwsplit.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LagAlarmTest {

    private static final long MS = 1_000_000L;
    private final List<String> events = new ArrayList<>();
    private final LagAlarm alarm = new LagAlarm(1000 * MS, 0.2,
            (node, millis, raised) -> events.add(node + " " + millis + " " + (raised ? "raised" : "cleared")));

    @Test
    void alertIsRaisedOnceAndClearedOnce() {
        alarm.check("r", 500 * MS);
        alarm.check("r", 1500 * MS);
        alarm.check("r", 2500 * MS);
        assertTrue(alarm.isRaised("r"));
        alarm.check("r", 900 * MS);
        alarm.check("r", 700 * MS);
        alarm.check("r", 100 * MS);
        assertFalse(alarm.isRaised("r"));
        assertEquals(List.of("r 1500 raised", "r 700 cleared"), events);
    }

    @Test
    void stalenessHoveringAtTheLevelDoesNotFlap() {
        for (int i = 0; i < 100; i++) {
            alarm.check("r", (i % 2 == 0 ? 990 : 1010) * MS);
        }
        assertEquals(List.of("r 1010 raised"), events);
    }

    @Test
    void unknownStalenessIsReportedAsMaxValue() {
        alarm.check("r", Long.MAX_VALUE);
        assertEquals(List.of("r " + Long.MAX_VALUE + " raised"), events);
    }
}

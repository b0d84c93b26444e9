package io.rwsplit.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StalenessGateTest {

    @Test
    void replicaOverTheBoundIsExcludedUntilWellUnderIt() {
        StalenessGate gate = new StalenessGate(100, 0.2);
        assertEquals(80, gate.readmitNanos());
        assertTrue(gate.admits("r", 100));
        assertFalse(gate.admits("r", 101));
        assertFalse(gate.admits("r", 99));
        assertFalse(gate.admits("r", 81));
        assertTrue(gate.isExcluded("r"));
        assertTrue(gate.admits("r", 80));
        assertTrue(gate.admits("r", 95));
        assertFalse(gate.isExcluded("r"));
    }

    @Test
    void readmissionLeavesRoomForOneProbeInterval() {
        // 500 ms bound, 125 ms probes: 20% hysteresis alone would readmit at 400 ms, and the staleness measured at
        // the next probe could be 525 ms although the replica kept applying.
        StalenessGate gate = new StalenessGate(500, 0.2, 125);
        assertEquals(375, gate.readmitNanos());
        assertFalse(gate.admits("r", 501));
        assertFalse(gate.admits("r", 400));
        assertTrue(gate.admits("r", 375));
        // A slow probe relative to the bound keeps the 20% rule.
        assertEquals(800, new StalenessGate(1000, 0.2, 100).readmitNanos());
        // A probe interval at or above the bound cannot push readmission below a quarter of the bound.
        assertEquals(250, new StalenessGate(1000, 0.2, 1000).readmitNanos());
        assertEquals(250, new StalenessGate(1000, 0.2, 5000).readmitNanos());
        assertThrows(IllegalArgumentException.class, () -> new StalenessGate(1000, 0.2, -1));
    }

    @Test
    void hysteresisPreventsFlappingAtTheEdge() {
        StalenessGate gate = new StalenessGate(1000);
        List<Boolean> states = new ArrayList<>();
        boolean last = true;
        int changes = 0;
        for (int i = 0; i < 1000; i++) {
            long staleness = 950 + (i % 2 == 0 ? 0 : 100); // alternates 950 and 1050 around the bound
            boolean admitted = gate.admits("r", staleness);
            if (admitted != last) {
                changes++;
            }
            last = admitted;
            states.add(admitted);
        }
        assertEquals(1, changes, "excluded once, never re-admitted while hovering at the edge");
    }

    @Test
    void nodesHaveIndependentState() {
        StalenessGate gate = new StalenessGate(100);
        assertFalse(gate.admits("a", 200));
        assertTrue(gate.admits("b", 90));
        gate.forget("a");
        assertTrue(gate.admits("a", 90));
    }

    @Test
    void unknownStalenessIsExcluded() {
        assertFalse(new StalenessGate(100).admits("r", Long.MAX_VALUE));
    }

    @Test
    void perStatementBoundHasNoHysteresis() {
        assertTrue(StalenessGate.withinBound(200, 200));
        assertFalse(StalenessGate.withinBound(201, 200));
    }

    @Test
    void invalidSettingsAreRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StalenessGate(0));
        assertTrue(e.getMessage().contains("but was 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new StalenessGate(100, 1.0));
        assertTrue(e.getMessage().contains("hysteresis") && e.getMessage().contains("1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StalenessGate(100, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new StalenessGate(100, Double.NaN));
    }
}

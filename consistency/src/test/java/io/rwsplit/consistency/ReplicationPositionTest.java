package io.rwsplit.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReplicationPositionTest {

    private static ReplicationPosition mdb(String s) {
        return PositionKind.MARIADB_GTID.parse(s);
    }

    private static ReplicationPosition my(String s) {
        return PositionKind.MYSQL_GTID.parse(s);
    }

    private static ReplicationPosition lsn(String s) {
        return PositionKind.POSTGRES_LSN.parse(s);
    }

    @Test
    void mariaDbPositionCoversLowerOrEqualSequenceInTheSameDomain() {
        assertTrue(mdb("0-1-100").covers(mdb("0-1-100")));
        assertTrue(mdb("0-1-100").covers(mdb("0-1-99")));
        assertFalse(mdb("0-1-99").covers(mdb("0-1-100")));
        // server id does not matter: sequence numbers continue across a failover
        assertTrue(mdb("0-2-101").covers(mdb("0-1-100")));
    }

    @Test
    void mariaDbMultiDomainPositionsCompareEachDomain() {
        ReplicationPosition a = mdb("0-1-100,1-2-50");
        assertTrue(a.covers(mdb("0-1-100")));
        assertTrue(a.covers(mdb("1-2-50,0-1-7")));
        assertFalse(a.covers(mdb("0-1-100,1-2-51")));
        assertFalse(a.covers(mdb("0-1-100,2-3-1")), "a domain the replica has not seen is not covered");
        assertFalse(mdb("1-2-50").covers(a));
        assertTrue(a.covers(mdb("")));
    }

    @Test
    void emptyMariaDbPositionIsNothingApplied() {
        ReplicationPosition empty = mdb("");
        assertTrue(empty.covers(mdb("  ")));
        assertFalse(empty.covers(mdb("0-1-1")));
        assertEquals("", empty.format());
    }

    @Test
    void mariaDbPositionToleratesWhiteSpaceAndRoundTrips() {
        ReplicationPosition p = mdb(" 1-2-50 ,\n0-1-100 ");
        assertEquals("0-1-100,1-2-50", p.format());
        assertEquals(p, mdb(p.format()));
        assertEquals("0-1-18446744073709551615", mdb("0-1-18446744073709551615").format());
        assertTrue(mdb("0-1-18446744073709551615").covers(mdb("0-1-9223372036854775808")));
    }

    @Test
    void duplicateMariaDbDomainKeepsTheHighestSequence() {
        assertEquals(mdb("0-2-9"), mdb("0-1-5,0-2-9,0-3-7"));
    }

    @Test
    void malformedMariaDbPositionsAreRejectedWithTheText() {
        for (String bad : new String[] {"0-1", "0-1-2-3", "a-1-2", "0-1-2,", ",0-1-2", "-1-2-3", "0-1-x",
                "4294967296-1-1", "0-1-18446744073709551616", "0-1-+5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mdb(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> mdb(null));
    }

    private static final String U1 = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final String U2 = "4e11fa47-71ca-11e1-9e33-c80aa9429562";

    @Test
    void mySqlGtidSetCoversItsSubsets() {
        ReplicationPosition a = my(U1 + ":1-100:105-110," + U2 + ":1-5");
        assertTrue(a.covers(my(U1 + ":1-100")));
        assertTrue(a.covers(my(U1 + ":50-60:106")));
        assertFalse(a.covers(my(U1 + ":1-101")), "101 is in a gap");
        assertFalse(a.covers(my(U1 + ":99-105")));
        assertTrue(a.covers(my(U2 + ":2-3")));
        assertFalse(a.covers(my("5e11fa47-71ca-11e1-9e33-c80aa9429562:1")));
        assertTrue(a.covers(my("")));
        assertFalse(my("").covers(a));
    }

    @Test
    void mySqlGtidSetMergesAdjacentIntervalsAndRoundTrips() {
        ReplicationPosition p = my(U1.toUpperCase() + ":1-3:4-6,\n" + U2 + ":7:1-2");
        assertEquals(U1 + ":1-6," + U2 + ":1-2:7", p.format());
        assertEquals(p, my(p.format()));
    }

    @Test
    void taggedMySqlGtidsAreSeparateSources() {
        ReplicationPosition p = my(U1 + ":1-5:batch:1-3");
        assertTrue(p.covers(my(U1 + ":batch:2")));
        assertFalse(p.covers(my(U1 + ":batch:4")));
        assertFalse(p.covers(my(U1 + ":other:1")));
        assertEquals(p, my(p.format()));
    }

    @Test
    void malformedMySqlGtidSetsAreRejected() {
        for (String bad : new String[] {"abc", U1, U1 + ":", U1 + ":0", U1 + ":5-3", U1 + ":1-x", "zz:1-3",
                U1 + ":1,", U1 + ":tag"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> my(bad), bad);
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void postgresLsnsCompareAsUnsignedNumbers() {
        assertTrue(lsn("0/0").covers(lsn("0/0")));
        assertFalse(lsn("0/0").covers(lsn("0/1")));
        assertTrue(lsn("16/B374D848").covers(lsn("16/B374D847")));
        assertTrue(lsn("1/0").covers(lsn("0/FFFFFFFF")));
        assertTrue(lsn("FFFFFFFF/0").covers(lsn("7FFFFFFF/FFFFFFFF")), "high bit set is larger, not negative");
        assertFalse(lsn("7FFFFFFF/FFFFFFFF").covers(lsn("80000000/0")));
    }

    @Test
    void postgresLsnRoundTrips() {
        assertEquals("16/B374D848", lsn(" 16/b374d848 ").format());
        assertEquals("0/0", lsn("0/0").format());
        assertEquals(lsn("FFFFFFFF/FFFFFFFF"), lsn(lsn("FFFFFFFF/FFFFFFFF").format()));
    }

    @Test
    void malformedPostgresLsnsAreRejected() {
        for (String bad : new String[] {"", "0", "/0", "0/", "G/0", "0/0/0", "123456789/0", "0/123456789",
                "-1/0", "0x1/0"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lsn(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void positionsOfDifferentKindsNeverCoverEachOther() {
        assertFalse(lsn("FFFFFFFF/FFFFFFFF").covers(mdb("")));
        assertFalse(mdb("0-1-100").covers(lsn("0/0")));
        assertFalse(my(U1 + ":1-100").covers(mdb("")));
    }

    @Test
    void kindsAreFoundByTag() {
        for (PositionKind k : PositionKind.values()) {
            assertEquals(k, PositionKind.ofTag(k.tag()));
        }
        assertThrows(IllegalArgumentException.class, () -> PositionKind.ofTag("oracle"));
    }
}

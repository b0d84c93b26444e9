package io.rwsplit.driver.it;

import io.rwsplit.fixtures.DbNode;
import io.rwsplit.fixtures.ReplicationTopology;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What each uniquely keyed, once-attempted write call returned: acknowledged, failed with "was not sent" (known not
 * applied), or failed otherwise (outcome unknown); and the check of the table afterwards.
 */
final class WriteLedger {
    /** One write call. */
    record Call(long id, long start, long end, SQLException error) {
        long millis() {
            return (end - start) / 1_000_000;
        }
    }

    final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    final Set<Long> acked = ConcurrentHashMap.newKeySet();
    final Set<Long> notSent = ConcurrentHashMap.newKeySet();
    final Set<Long> unknown = ConcurrentHashMap.newKeySet();
    final AtomicLong maxCallNanos = new AtomicLong();

    void record(Call c) {
        calls.add(c);
        maxCallNanos.accumulateAndGet(c.end() - c.start(), Math::max);
        if (c.error() == null) {
            acked.add(c.id());
        } else if (String.valueOf(c.error().getMessage()).contains(FailureSupport.NOT_SENT)) {
            notSent.add(c.id());
        } else {
            unknown.add(c.id());
        }
    }

    /** The call that took longest, or null. */
    Call longest() {
        Call best = null;
        for (Call c : calls) {
            if (best == null || c.end() - c.start() > best.end() - best.start()) {
                best = c;
            }
        }
        return best;
    }

    /** The longest call as text: when it started (ms after {@code origin}), how long it took, how it ended. */
    String describeLongest(long origin) {
        Call c = longest();
        return c == null ? "none" : "+" + (c.start() - origin) / 1_000_000 + "ms took " + c.millis() + "ms: "
                + (c.error() == null ? "acknowledged" : FailureSupport.describe(c.error()));
    }

    /** Distinct errors (SQLState and message up to the first digit-bearing detail), with counts. */
    Map<String, Integer> errorKinds() {
        Map<String, Integer> kinds = new HashMap<>();
        for (Call c : calls) {
            if (c.error() != null) {
                String m = String.valueOf(c.error().getMessage()).replaceAll("[0-9]+", "N");
                if (m.length() > 160) {
                    m = m.substring(0, 160) + "...";
                }
                kinds.merge(c.error().getSQLState() + " " + m, 1, Integer::sum);
            }
        }
        return kinds;
    }

    /**
     * Of {@code ids}, those whose acknowledgement came at or after {@code nanos} (the others were acknowledged
     * before it).
     */
    List<Long> ackedAtOrAfter(List<Long> ids, long nanos) {
        Set<Long> wanted = new HashSet<>(ids);
        List<Long> out = new ArrayList<>();
        for (Call c : calls) {
            if (c.error() == null && wanted.contains(c.id()) && c.end() >= nanos) {
                out.add(c.id());
            }
        }
        out.sort(null);
        return out;
    }

    /** How long before {@code nanos} each of {@code ids} was acknowledged, in ms (negative: after). */
    Map<Long, Long> ackedMillisBefore(List<Long> ids, long nanos) {
        Set<Long> wanted = new HashSet<>(ids);
        Map<Long, Long> out = new java.util.TreeMap<>();
        for (Call c : calls) {
            if (c.error() == null && wanted.contains(c.id())) {
                out.put(c.id(), (nanos - c.end()) / 1_000_000);
            }
        }
        return out;
    }

    /** Result of checking a table against this ledger. */
    record Check(List<Long> duplicated, List<Long> ackedMissing, List<Long> notSentPresent, int unknownPresent,
                 int rows) {
        /** No duplicate, no acknowledged write missing, nothing reported as not sent present. */
        boolean ok() {
            return duplicated.isEmpty() && ackedMissing.isEmpty() && notSentPresent.isEmpty();
        }

        @Override
        public String toString() {
            return "rows=" + rows + " duplicatedIds=" + head(duplicated) + " ackedMissing=" + head(ackedMissing)
                    + " notSentButPresent=" + head(notSentPresent) + " unknownPresent=" + unknownPresent;
        }

        private static List<Long> head(List<Long> l) {
            return l.size() <= 20 ? l : l.subList(0, 20);
        }
    }

    /** Reads {@code table} on {@code node} (directly, not through rwsplit) and compares it with the ledger. */
    Check check(ReplicationTopology t, DbNode node, String table) throws SQLException {
        List<Long> duplicated = new ArrayList<>();
        Set<Long> present = new HashSet<>();
        int rows = 0;
        try (Connection c = node.appConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id, count(*) FROM " + table + " GROUP BY id HAVING count(*) > 1")) {
                while (rs.next()) {
                    duplicated.add(rs.getLong(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT id FROM " + table)) {
                while (rs.next()) {
                    present.add(rs.getLong(1));
                    rows++;
                }
            }
        }
        List<Long> missing = new ArrayList<>();
        for (Long id : acked) {
            if (!present.contains(id)) {
                missing.add(id);
            }
        }
        List<Long> notSentPresent = new ArrayList<>();
        for (Long id : notSent) {
            if (present.contains(id)) {
                notSentPresent.add(id);
            }
        }
        int unknownPresent = 0;
        for (Long id : unknown) {
            if (present.contains(id)) {
                unknownPresent++;
            }
        }
        missing.sort(null);
        notSentPresent.sort(null);
        duplicated.sort(null);
        return new Check(duplicated, missing, notSentPresent, unknownPresent, rows);
    }
}

package io.rwsplit.consistency.internal;

import io.rwsplit.consistency.PositionKind;
import io.rwsplit.consistency.ReplicationPosition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A MySQL GTID set, {@code uuid:1-5:7-9,uuid2:1-3}, also with MySQL 8.3 tags ({@code uuid:tag:1-5}). Covers is the
 * superset relation. Intervals are kept merged and sorted per source (uuid, or uuid and tag).
 */
public final class MySqlGtidSet implements ReplicationPosition {

    public static final MySqlGtidSet EMPTY = new MySqlGtidSet(Collections.emptyMap());

    /** Source key to intervals as {@code [start0, end0, start1, end1, ...]}, inclusive, sorted, merged. */
    private final Map<String, long[]> intervals;

    private MySqlGtidSet(Map<String, long[]> intervals) {
        this.intervals = intervals;
    }

    /** Parses a GTID set as {@code @@gtid_executed} prints it (line breaks after commas allowed). */
    public static MySqlGtidSet parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            return EMPTY;
        }
        Map<String, List<long[]>> raw = new TreeMap<>();
        for (String entry : s.split(",", -1)) {
            String[] parts = entry.strip().split(":", -1);
            if (parts.length < 2) {
                throw bad(text);
            }
            String uuid = parts[0].strip().toLowerCase(java.util.Locale.ROOT);
            if (!isUuid(uuid)) {
                throw bad(text);
            }
            String key = uuid;
            boolean sawInterval = false;
            for (int i = 1; i < parts.length; i++) {
                String part = parts[i].strip();
                if (!part.isEmpty() && part.charAt(0) >= '0' && part.charAt(0) <= '9') {
                    raw.computeIfAbsent(key, k -> new ArrayList<>()).add(parseInterval(part, text));
                    sawInterval = true;
                } else if (isTag(part)) {
                    if (i == parts.length - 1) {
                        throw bad(text);
                    }
                    key = uuid + ":" + part.toLowerCase(java.util.Locale.ROOT);
                } else {
                    throw bad(text);
                }
            }
            if (!sawInterval) {
                throw bad(text);
            }
        }
        Map<String, long[]> merged = new TreeMap<>();
        for (Map.Entry<String, List<long[]>> e : raw.entrySet()) {
            merged.put(e.getKey(), merge(e.getValue()));
        }
        return new MySqlGtidSet(Collections.unmodifiableMap(merged));
    }

    private static long[] parseInterval(String part, String text) {
        int dash = part.indexOf('-');
        long start;
        long end;
        try {
            if (dash < 0) {
                start = Long.parseLong(part);
                end = start;
            } else {
                start = Long.parseLong(part.substring(0, dash));
                end = Long.parseLong(part.substring(dash + 1));
            }
        } catch (NumberFormatException e) {
            throw bad(text);
        }
        if (start < 1 || end < start) {
            throw bad(text);
        }
        return new long[] {start, end};
    }

    private static long[] merge(List<long[]> list) {
        list.sort((a, b) -> Long.compare(a[0], b[0]));
        long[] out = new long[list.size() * 2];
        int n = 0;
        for (long[] iv : list) {
            if (n > 0 && iv[0] <= out[n - 1] + 1) {
                out[n - 1] = Math.max(out[n - 1], iv[1]);
            } else {
                out[n++] = iv[0];
                out[n++] = iv[1];
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static boolean isUuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTag(String s) {
        if (s.isEmpty() || s.length() > 32) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            if (!(letter || (i > 0 && c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException(
                "not a MySQL GTID set (expected uuid:1-N[:M-K][,uuid:...]): '" + text + "'");
    }

    /** Whether transaction {@code seq} of source {@code uuid} (lower case, with an optional {@code :tag}) is in the set. */
    public boolean contains(String source, long seq) {
        long[] iv = intervals.get(source);
        if (iv == null) {
            return false;
        }
        for (int i = 0; i < iv.length; i += 2) {
            if (seq >= iv[i] && seq <= iv[i + 1]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public PositionKind kind() {
        return PositionKind.MYSQL_GTID;
    }

    @Override
    public boolean covers(ReplicationPosition other) {
        if (!(other instanceof MySqlGtidSet)) {
            return false;
        }
        for (Map.Entry<String, long[]> e : ((MySqlGtidSet) other).intervals.entrySet()) {
            long[] mine = intervals.get(e.getKey());
            if (mine == null || !containsAll(mine, e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** Both merged and sorted: every interval of {@code sub} lies inside one interval of {@code sup}. */
    private static boolean containsAll(long[] sup, long[] sub) {
        int i = 0;
        for (int j = 0; j < sub.length; j += 2) {
            while (i < sup.length && sup[i + 1] < sub[j]) {
                i += 2;
            }
            if (i == sup.length || sup[i] > sub[j] || sup[i + 1] < sub[j + 1]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String format() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, long[]> e : intervals.entrySet()) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(e.getKey());
            long[] iv = e.getValue();
            for (int i = 0; i < iv.length; i += 2) {
                sb.append(':').append(iv[i]);
                if (iv[i + 1] != iv[i]) {
                    sb.append('-').append(iv[i + 1]);
                }
            }
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MySqlGtidSet)) {
            return false;
        }
        Map<String, long[]> other = ((MySqlGtidSet) o).intervals;
        if (!other.keySet().equals(intervals.keySet())) {
            return false;
        }
        for (Map.Entry<String, long[]> e : intervals.entrySet()) {
            if (!Arrays.equals(e.getValue(), other.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (Map.Entry<String, long[]> e : intervals.entrySet()) {
            h += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
        }
        return h;
    }

    @Override
    public String toString() {
        return format();
    }
}

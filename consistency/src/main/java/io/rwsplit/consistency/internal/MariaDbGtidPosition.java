package io.rwsplit.consistency.internal;

import io.rwsplit.consistency.PositionKind;
import io.rwsplit.consistency.ReplicationPosition;
import java.util.Arrays;

/**
 * A MariaDB GTID position: per replication domain the last GTID, {@code domain-server-seq}. Domain and server id
 * are unsigned 32-bit, the sequence number unsigned 64-bit. The server id takes no part in comparisons: within a
 * domain, sequence numbers grow across failovers.
 */
public final class MariaDbGtidPosition implements ReplicationPosition {

    public static final MariaDbGtidPosition EMPTY = new MariaDbGtidPosition(new long[0], new long[0], new long[0]);

    /** Sorted ascending, distinct. */
    private final long[] domains;
    private final long[] servers;
    private final long[] seqs;

    private MariaDbGtidPosition(long[] domains, long[] servers, long[] seqs) {
        this.domains = domains;
        this.servers = servers;
        this.seqs = seqs;
    }

    /**
     * Parses {@code domain-server-seq[,domain-server-seq...]}; white space around entries is ignored, the empty
     * string is {@link #EMPTY}. If a domain appears twice, the entry with the higher sequence number counts.
     */
    public static MariaDbGtidPosition parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            return EMPTY;
        }
        String[] parts = s.split(",", -1);
        long[][] entries = new long[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            String[] f = parts[i].strip().split("-", -1);
            if (f.length != 3) {
                throw bad(text);
            }
            long domain = parseUnsigned(f[0], true, text);
            long server = parseUnsigned(f[1], true, text);
            long seq = parseUnsigned(f[2], false, text);
            entries[i] = new long[] {domain, server, seq};
        }
        Arrays.sort(entries, (a, b) -> Long.compare(a[0], b[0]));
        long[] domains = new long[entries.length];
        long[] servers = new long[entries.length];
        long[] seqs = new long[entries.length];
        int n = 0;
        for (long[] e : entries) {
            if (n > 0 && domains[n - 1] == e[0]) {
                if (Long.compareUnsigned(e[2], seqs[n - 1]) > 0) {
                    servers[n - 1] = e[1];
                    seqs[n - 1] = e[2];
                }
                continue;
            }
            domains[n] = e[0];
            servers[n] = e[1];
            seqs[n] = e[2];
            n++;
        }
        return new MariaDbGtidPosition(Arrays.copyOf(domains, n), Arrays.copyOf(servers, n), Arrays.copyOf(seqs, n));
    }

    private static long parseUnsigned(String field, boolean thirtyTwoBit, String text) {
        if (field.isEmpty() || field.length() > 20) {
            throw bad(text);
        }
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c < '0' || c > '9') {
                throw bad(text);
            }
        }
        long v;
        try {
            v = Long.parseUnsignedLong(field);
        } catch (NumberFormatException e) {
            throw bad(text);
        }
        if (thirtyTwoBit && (v < 0 || v > 0xFFFF_FFFFL)) {
            throw bad(text);
        }
        return v;
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException(
                "not a MariaDB GTID position (expected domain-server-seq[,domain-server-seq...]): '" + text + "'");
    }

    /** Number of replication domains in this position. */
    public int domainCount() {
        return domains.length;
    }

    /** The sequence number applied in {@code domain} (unsigned), or 0 if the domain is absent. */
    public long seq(long domain) {
        int i = Arrays.binarySearch(domains, domain);
        return i < 0 ? 0L : seqs[i];
    }

    @Override
    public PositionKind kind() {
        return PositionKind.MARIADB_GTID;
    }

    @Override
    public boolean covers(ReplicationPosition other) {
        if (!(other instanceof MariaDbGtidPosition)) {
            return false;
        }
        MariaDbGtidPosition o = (MariaDbGtidPosition) other;
        // Both sorted by domain: merge walk.
        int i = 0;
        for (int j = 0; j < o.domains.length; j++) {
            long domain = o.domains[j];
            while (i < domains.length && domains[i] < domain) {
                i++;
            }
            if (i == domains.length || domains[i] != domain) {
                if (o.seqs[j] != 0L) {
                    return false;
                }
                continue;
            }
            if (Long.compareUnsigned(seqs[i], o.seqs[j]) < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String format() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < domains.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(domains[i]).append('-').append(servers[i]).append('-').append(Long.toUnsignedString(seqs[i]));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MariaDbGtidPosition)) {
            return false;
        }
        MariaDbGtidPosition p = (MariaDbGtidPosition) o;
        return Arrays.equals(domains, p.domains) && Arrays.equals(servers, p.servers) && Arrays.equals(seqs, p.seqs);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(domains) + Arrays.hashCode(servers)) + Arrays.hashCode(seqs);
    }

    @Override
    public String toString() {
        return format();
    }
}

package io.rwsplit.consistency;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A causal-consistency token that crosses connections and processes: taken after a write, handed to another
 * connection (in an HTTP header, a message, a cookie), which then reads only from nodes that have applied it.
 *
 * <p>Clocks of different processes are unrelated, so the token carries no time but the primary's replication
 * position read after the write committed: any node whose applied position {@linkplain ReplicationPosition#covers
 * covers} it has the write.
 *
 * <pre>{@code
 * // writer, after commit:
 * String token = ConsistencyToken.of(PositionKind.POSTGRES_LSN.parse(lsnReadAfterCommit)).format();
 * // reader, in another process:
 * ConsistencyToken t = ConsistencyToken.parse(token);
 * boolean ok = t.isSatisfiedBy(tracker.appliedPosition("replica1:5432"));
 * }</pre>
 *
 * <p>Text form: {@code v1.<kind tag>.<position>}, the position's canonical text in unpadded base64url, so the
 * whole token is URL-safe ({@code [A-Za-z0-9._-]}). Example: {@code v1.pg.MC8xNkIzNzQ4} for LSN {@code 0/16B3748}.
 * Immutable, with value equality.
 */
public final class ConsistencyToken {

    private static final String VERSION = "v1";
    private static final int MAX_LENGTH = 64 * 1024;

    private final ReplicationPosition position;

    private ConsistencyToken(ReplicationPosition position) {
        this.position = position;
    }

    /** A token for a position read from the primary after a write committed. */
    public static ConsistencyToken of(ReplicationPosition position) {
        return new ConsistencyToken(Objects.requireNonNull(position, "position"));
    }

    /**
     * Reads a token made by {@link #format()}.
     *
     * @throws IllegalArgumentException if {@code text} is not such a token; the message quotes (the start of) it
     */
    public static ConsistencyToken parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("consistency token must not be null");
        }
        if (text.length() > MAX_LENGTH) {
            throw bad(text, "longer than " + MAX_LENGTH + " characters");
        }
        int first = text.indexOf('.');
        int second = first < 0 ? -1 : text.indexOf('.', first + 1);
        if (first < 0 || second < 0 || text.indexOf('.', second + 1) >= 0) {
            throw bad(text, "expected v1.<kind>.<position>");
        }
        if (!VERSION.equals(text.substring(0, first))) {
            throw bad(text, "unsupported version '" + text.substring(0, first) + "', expected v1");
        }
        PositionKind kind;
        try {
            kind = PositionKind.ofTag(text.substring(first + 1, second));
        } catch (IllegalArgumentException e) {
            throw bad(text, e.getMessage());
        }
        String encoded = text.substring(second + 1);
        String positionText;
        try {
            positionText = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw bad(text, "position is not base64url");
        }
        if (encoded.indexOf('=') >= 0) {
            throw bad(text, "position must be unpadded base64url");
        }
        try {
            return new ConsistencyToken(kind.parse(positionText));
        } catch (IllegalArgumentException e) {
            throw bad(text, e.getMessage());
        }
    }

    private static IllegalArgumentException bad(String text, String why) {
        String shown = text.length() > 100 ? text.substring(0, 100) + "..." : text;
        return new IllegalArgumentException("malformed consistency token '" + shown + "': " + why);
    }

    public ReplicationPosition position() {
        return position;
    }

    public PositionKind kind() {
        return position.kind();
    }

    /**
     * Whether a node at {@code applied} has the write this token stands for; false for a null position or a
     * position of another kind.
     */
    public boolean isSatisfiedBy(ReplicationPosition applied) {
        return applied != null && applied.covers(position);
    }

    /** The URL-safe text form, which {@link #parse(String)} reads back. */
    public String format() {
        return VERSION + "." + position.kind().tag() + "."
                + Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(position.format().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsistencyToken && ((ConsistencyToken) o).position.equals(position);
    }

    @Override
    public int hashCode() {
        return position.hashCode();
    }

    @Override
    public String toString() {
        return format();
    }
}

package io.rwsplit.routing.internal;

import java.util.Arrays;

/**
 * The key of a text, as the text and where its literals are: look-ups need no key built (no copy of the text),
 * only misses do.
 */
public final class LiteralShape implements LiteralNormalizer.Sink {
    private final String sql;
    /** Per literal: start, end, marker. */
    private int[] literals = new int[6];
    private int count;
    private int hash;
    private int keyLength;

    LiteralShape(String sql) {
        this.sql = sql;
    }

    /** For the normalizer while it reads the text: a shape is complete once made. */
    @Override
    public void literal(LiteralNormalizer.Literal kind, int start, int end) {
        if (keyLength > 0) {
            throw new IllegalStateException("a shape is complete once made");
        }
        int i = count * 3;
        if (i == literals.length) {
            literals = Arrays.copyOf(literals, i * 2);
        }
        literals[i] = start;
        literals[i + 1] = end;
        literals[i + 2] = kind.marker;
        count++;
    }

    LiteralShape finish() {
        int h = 0;
        int copied = 0;
        int length = 0;
        for (int i = 0; i < count * 3; i += 3) {
            int start = literals[i];
            h = 31 * (31 * h + pieceHash(sql, copied, start)) + literals[i + 2];
            length += start - copied + 1;
            copied = literals[i + 1];
        }
        hash = 31 * h + pieceHash(sql, copied, sql.length());
        keyLength = length + sql.length() - copied;
        return this;
    }

    /** Whether {@code key} is this key. */
    public boolean matches(String key) {
        if (key.length() != keyLength) {
            return false;
        }
        int k = 0;
        int copied = 0;
        for (int i = 0; i < count * 3; i += 3) {
            int start = literals[i];
            for (int p = copied; p < start; p++, k++) {
                if (key.charAt(k) != sql.charAt(p)) {
                    return false;
                }
            }
            if (key.charAt(k++) != literals[i + 2]) {
                return false;
            }
            copied = literals[i + 1];
        }
        for (int p = copied, n = sql.length(); p < n; p++, k++) {
            if (key.charAt(k) != sql.charAt(p)) {
                return false;
            }
        }
        return true;
    }

    /** The key, built. */
    public String key() {
        StringBuilder key = new StringBuilder(keyLength);
        int copied = 0;
        for (int i = 0; i < count * 3; i += 3) {
            key.append(sql, copied, literals[i]).append((char) literals[i + 2]);
            copied = literals[i + 1];
        }
        return key.append(sql, copied, sql.length()).toString();
    }

    /** Whether the normalizer found a literal to erase. */
    boolean hasLiterals() {
        return count > 0;
    }

    /** {@link #keyHash} of the key. */
    public int keyHash() {
        return hash;
    }

    /**
     * The hash of a key, for hash tables: that of the pieces between markers and of the markers, so that a
     * {@link LiteralShape} computes it from the text's pieces. A piece's hash is its {@link String#hashCode}, computed in
     * four interleaved lanes so that successive characters do not wait for each other's multiplication; a key
     * without markers hashes like the String.
     */
    public static int keyHash(String key) {
        int h = 0;
        int piece = 0;
        for (int i = 0, n = key.length(); i < n; i++) {
            char c = key.charAt(i);
            if (c <= LiteralNormalizer.LAST_MARKER && c >= LiteralNormalizer.FIRST_MARKER) {
                h = 31 * (31 * h + pieceHash(key, piece, i)) + c;
                piece = i + 1;
            }
        }
        return 31 * h + pieceHash(key, piece, key.length());
    }

    /** 31<sup>4</sup>: each lane steps over four characters. */
    private static final int POW4 = 31 * 31 * 31 * 31;

    /**
     * {@link String#hashCode} of characters [from, to) of {@code s} (the same polynomial, so the same quality),
     * computed in four interleaved lanes.
     */
    private static int pieceHash(String s, int from, int to) {
        int h0 = 0;
        int h1 = 0;
        int h2 = 0;
        int h3 = 0;
        int p = from;
        for (; p + 3 < to; p += 4) {
            h0 = POW4 * h0 + s.charAt(p);
            h1 = POW4 * h1 + s.charAt(p + 1);
            h2 = POW4 * h2 + s.charAt(p + 2);
            h3 = POW4 * h3 + s.charAt(p + 3);
        }
        int h = 31 * (31 * (31 * h0 + h1) + h2) + h3;
        for (; p < to; p++) {
            h = 31 * h + s.charAt(p);
        }
        return h;
    }
}

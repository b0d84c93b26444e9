package io.rwsplit.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import io.rwsplit.routing.internal.ClassifierEngine;
import io.rwsplit.routing.internal.CriticalTables;
import io.rwsplit.routing.internal.LiteralNormalizer;
import io.rwsplit.routing.internal.LiteralShape;
import io.rwsplit.routing.internal.SessionSetGrammar;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Classifies SQL texts for routing, with the ShardingSphere 5.5.2 SQL parser, and caches the result in a bounded
 * Caffeine cache, by text and by a key that ignores literal values (see <b>Cache</b> below). Thread-safe; one instance
 * per dialect and criticalTables setting, shared by every connection.
 *
 * <pre>{@code
 * StatementClassifier classifier = new StatementClassifier(Dialect.POSTGRESQL, List.of("inventory"), 10_000);
 * Classification c = classifier.classify("SELECT * FROM shop.inventory WHERE id = ?");
 * c.isRead();                 // true: the text alone could run on a replica
 * c.touchesCriticalTable();   // true: RoutingRules sends it to the primary
 * }</pre>
 *
 * <h2>Kinds</h2>
 * <ul>
 *   <li>{@link Reason#READ}: SELECT (joins, CTEs, unions, subqueries, window functions, VALUES, TABLE), SHOW,
 *       DESCRIBE, EXPLAIN without ANALYZE (whatever it explains: it is not run), EXPLAIN ANALYZE of a read,
 *       PostgreSQL {@code COPY ... TO STDOUT}.</li>
 *   <li>{@link Reason#WRITE}: INSERT, UPDATE, DELETE, REPLACE, MERGE, LOAD DATA, {@code COPY ... FROM}, a SELECT
 *       with a data-modifying CTE, EXPLAIN ANALYZE of a write.</li>
 *   <li>{@link Reason#DDL}: CREATE, ALTER, DROP, TRUNCATE, RENAME, GRANT, REVOKE, COMMENT, ANALYZE, VACUUM,
 *       REINDEX, CLUSTER, OPTIMIZE, FLUSH, KILL, replication commands, {@code SET GLOBAL}.</li>
 *   <li>{@link Reason#CALL}: CALL, DO.</li>
 *   <li>{@link Reason#SELECT_INTO}: {@code SELECT ... INTO} (OUTFILE, DUMPFILE, variables, PostgreSQL new table);
 *       pins the session when it assigns user variables or creates a temporary table.</li>
 *   <li>{@link Reason#LOCKING_READ}: FOR UPDATE, FOR SHARE, FOR NO KEY UPDATE, FOR KEY SHARE, LOCK IN SHARE MODE,
 *       anywhere in the statement, with NOWAIT / SKIP LOCKED.</li>
 *   <li>{@link Reason#SIDE_EFFECT}: a read calling nextval, setval, currval, lastval, last_insert_id, sleep,
 *       pg_sleep*, txid_current*, pg_current_xact_id*, set_config, pg_notify, get_lock, release_lock,
 *       release_all_locks, pg_advisory_lock*, pg_try_advisory_lock*, pg_advisory_unlock*,
 *       pg_[try_]advisory_xact_lock*, dblink*, lo_*, or using {@code NEXT VALUE FOR} / {@code PREVIOUS VALUE FOR};
 *       anywhere, any case, schema-qualified or quoted; NOTIFY. Session-level lock functions and set_config also
 *       pin the session (in any kind of statement).</li>
 *   <li>{@link Reason#SESSION_STATE}, pinning: SET (see below), {@code SELECT @x := ...}, CREATE/DROP TEMPORARY
 *       TABLE (and other temporary objects), LOCK TABLES / UNLOCK TABLES, PostgreSQL LOCK, USE, PREPARE / EXECUTE
 *       / DEALLOCATE, DECLARE / FETCH / MOVE / CLOSE cursor, LISTEN / UNLISTEN, RESET, LOAD, HANDLER, SET ROLE.
 *       DISCARD is SESSION_STATE without pinning.</li>
 *   <li>{@link Reason#TRANSACTION_CONTROL} with its {@link TransactionControl}: BEGIN / START TRANSACTION
 *       ({@code BEGIN_READ_ONLY} when READ ONLY appears), COMMIT / END, ROLLBACK / ABORT, SAVEPOINT, RELEASE
 *       SAVEPOINT, ROLLBACK TO (SAVEPOINT). Also, with {@link TransactionControl#NONE}: {@code SET TRANSACTION},
 *       PostgreSQL {@code SET LOCAL} and {@code SET CONSTRAINTS}, 2PC and XA statements.</li>
 *   <li>{@link Reason#UNKNOWN_SQL}: anything the parser rejects or whose statement type is not mapped, null, empty
 *       or comment-only text. Counted by {@link #unknownCount()} on every call that returns it.</li>
 * </ul>
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li><b>SET.</b> A session SET of constants is {@link Classification#replayable()} and does not pin: the driver
 *       replays it on every node the session uses ({@link SessionSet} says what is replayable; its entries come from
 *       {@link #sessionSet(String)}). Every other SQL {@code SET} of session state pins the connection to the
 *       primary, including {@code SET autocommit}, {@code SET @x = NOW()}, {@code SET SESSION TRANSACTION} and
 *       PostgreSQL {@code SET SESSION CHARACTERISTICS}. MySQL
 *       {@code SET TRANSACTION} (applies to the next transaction) is TRANSACTION_CONTROL / NONE and pins, so the
 *       characteristic cannot leak to another session through the pool. PostgreSQL {@code SET TRANSACTION} and
 *       {@code SET LOCAL} end with the transaction: TRANSACTION_CONTROL / NONE, not pinned. A MySQL SET whose every
 *       assignment is explicitly GLOBAL or PERSIST is DDL, not pinned.</li>
 *   <li><b>Multi-statement texts</b> ({@code a; b}) are split on top-level semicolons (outside literals, quoted
 *       identifiers, comments and dollar quotes). The kind is the most primary-bound of the parts, in the order
 *       UNKNOWN_SQL, WRITE, DDL, CALL, SELECT_INTO, LOCKING_READ, SIDE_EFFECT, SESSION_STATE, TRANSACTION_CONTROL,
 *       READ (so any unknown part makes the whole text unknown); pinning, critical tables and tables are the union;
 *       the transaction control is the last part's that is not NONE. A CREATE text containing BEGIN (a routine
 *       body) is not split.</li>
 *   <li><b>Hints</b> are read from every comment ({@code /* *}{@code /}, {@code --}, MySQL {@code #}), never from
 *       literals: {@code rwsplit:primary}, {@code rwsplit:replica}, {@code rwsplit:max-lag=200ms} (whitespace
 *       allowed, several directives may be comma-separated). A malformed rwsplit hint (unknown directive, bad
 *       duration, primary and replica together) is never ignored: {@link #classify} still returns the statement's
 *       classification, with {@link Classification#hintError()} naming the bad comment; the driver turns it into
 *       an SQLException with SQLState 42000 instead of running the statement.</li>
 *   <li><b>Reading as the server does.</b> The text is read first by rwsplit's own lexer, which follows each
 *       server's rules for comments, executable comments, quotes, escapes and whitespace (see
 *       {@code internal/SqlScanner}); where servers, versions or settings ({@code NO_BACKSLASH_ESCAPES}) would read
 *       a text differently, or anything is unterminated, the text is UNKNOWN_SQL. The parser gets the text with
 *       comments blanked and ambiguous strings neutralised, and its verdict on a SELECT is backed by the lexer's:
 *       a locking clause's words, INTO or a data-changing keyword anywhere make it a primary statement, and a
 *       parsed read must start like one to the server (SELECT, WITH, TABLE, VALUES, SHOW, EXPLAIN, ...).</li>
 *   <li><b>Bounded cost.</b> A statement whose tokens prove it a read (it starts with SELECT, WITH, TABLE or
 *       VALUES and has no locking clause, INTO, data-changing keyword, function with side effects, user variable
 *       assignment or temporary object, and no name of a critical table) is READ without parsing. Others are
 *       parsed only up to 8 levels of parentheses and 1,000 tokens; beyond, or when the parser rejects them, they
 *       are classified from their tokens as above (a proven read, else UNKNOWN_SQL or the primary-bound kind of
 *       their leading keyword). Texts longer than {@value #MAX_CLASSIFIED_SQL_LENGTH} characters are UNKNOWN_SQL
 *       unread. A NUL character or a lone UTF-16 surrogate makes {@link Classification#invalidText()} say why the
 *       text must not be sent.</li>
 *   <li><b>Parser gaps</b> (5.5.2): PostgreSQL {@code SKIP LOCKED} and MariaDB {@code NEXT/PREVIOUS VALUE FOR}
 *       are rewritten to a form the grammar knows and parsed again. PostgreSQL DO, MERGE and
 *       {@code CREATE TABLE ... AS} and other CREATE, ALTER or DROP texts the grammar rejects are recognized by
 *       their leading keyword (CALL, WRITE, DDL or SESSION_STATE for a temporary table). A data-modifying
 *       PostgreSQL CTE, which the 5.5.2 visitor cannot build, is found in the parse tree. For any other text the
 *       parser rejects, pinning is decided from its tokens, erring towards pinning.</li>
 *   <li><b>Cache.</b> Results, unknowns included, are cached in one bounded cache, looked up first by the exact
 *       text (a hit allocates nothing: prepared statements), then, for a text not seen before, by its
 *       literal-insensitive key: the text with each numeric and single-quoted string literal replaced by a marker
 *       of its kind (integer by range, decimal, float, hex, bit, string), so {@code WHERE id = 7} is answered by
 *       what {@code WHERE id = 42} left without parsing. Only a text whose key is new too is parsed (the text, never
 *       the key); its result is stored under the key and under that text (so a repeated text with constants in it
 *       keeps the exact hit), not under later literal variants. The classification reads no literal's value, and
 *       whatever could change it stays in the key: double-quoted text, backticked names, comments (hints), MySQL
 *       executable comments, variables, {@code $1}, digits of identifiers. A text the normalizer is unsure about
 *       (an unterminated quote, a string with a backslash, a NUL) and a text without literals are their own
 *       key. Keys are a type of their own, so a key never answers for a text equal to it. {@link #cacheHits()}
 *       counts calls answered by either look-up ({@link #cacheLiteralInsensitiveHits()} those by key),
 *       {@link #cacheMisses()} calls that parsed. Texts longer than {@value #MAX_CACHED_SQL_LENGTH} characters are
 *       classified but neither cached nor counted. The cache is bounded by weight: an entry weighs one unit per
 *       started {@value #CACHE_CHARS_PER_UNIT} characters of its text or key, so it never holds more than its size
 *       times that many characters. Cache maintenance runs on the calling thread.</li>
 * </ul>
 * Stored procedures and DO blocks can create session state rwsplit cannot see; they run on the primary but do not
 * pin.
 */
public final class StatementClassifier {

    /** Longest SQL text kept in the cache. */
    public static final int MAX_CACHED_SQL_LENGTH = 65_536;
    /**
     * Longest SQL text classified at all: a longer one goes to the primary as {@link Reason#UNKNOWN_SQL} without
     * being read (its hints too are not read), so that no text costs more than about a millisecond to classify.
     */
    public static final int MAX_CLASSIFIED_SQL_LENGTH = 100_000;
    /** SQL characters per unit of cache weight: the cache holds at most its size times this many characters. */
    public static final int CACHE_CHARS_PER_UNIT = 512;

    /** Computes the entry of a text cached under itself; created once. */
    private final Function<Object, Classification> computer = text -> compute((String) text);

    private static final Classification UNKNOWN = new Classification(Reason.UNKNOWN_SQL, false, false,
            TransactionControl.NONE, Hint.NONE, -1, Set.of());

    private final Dialect dialect;
    private final ClassifierEngine engine;
    private final LiteralNormalizer normalizer;
    /** Keys: a text (String) or a {@link LiteralInsensitiveKey}. */
    private final Cache<Object, Classification> cache;
    /** The cache as a map: look-ups through it leave the statistics alone, {@link #classify} counts itself. */
    private final Map<Object, Classification> entries;
    private final ConcurrentStatsCounter stats = new ConcurrentStatsCounter();
    private final LongAdder literalInsensitiveHits = new LongAdder();
    private final LongAdder unknown = new LongAdder();

    /**
     * @param dialect          SQL dialect of the texts
     * @param criticalTables   entries {@code table} or {@code schema.table}; case, quotes and backticks ignored
     * @param maxCacheEntries  most cache entries (texts and literal-insensitive keys) of up to
     *                         {@value #CACHE_CHARS_PER_UNIT} characters kept (a longer one counts one entry per
     *                         started {@value #CACHE_CHARS_PER_UNIT} characters), at least 0
     * @throws IllegalArgumentException for a blank or malformed criticalTables entry or a negative cache size
     */
    public StatementClassifier(Dialect dialect, Collection<String> criticalTables, long maxCacheEntries) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(criticalTables, "criticalTables");
        if (maxCacheEntries < 0) {
            throw new IllegalArgumentException("maxCacheEntries must be at least 0, but was " + maxCacheEntries);
        }
        this.engine = new ClassifierEngine(dialect, new CriticalTables(criticalTables));
        this.normalizer = new LiteralNormalizer(dialect);
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxCacheEntries)
                .weigher(StatementClassifier::weight)
                .executor(Runnable::run)
                .recordStats(() -> stats)
                .build();
        this.entries = cache.asMap();
    }

    /** Classifier with no critical tables. */
    public StatementClassifier(Dialect dialect, long maxCacheEntries) {
        this(dialect, List.of(), maxCacheEntries);
    }

    /**
     * Classifies a SQL text. Never throws; null, empty and unparseable texts are {@link Reason#UNKNOWN_SQL}. Every
     * call for the same cached text, or for texts differing only in literal values, returns the same instance.
     */
    public Classification classify(String sql) {
        Classification c;
        if (sql == null || sql.isEmpty()) {
            c = UNKNOWN;
        } else if (sql.length() > MAX_CACHED_SQL_LENGTH) {
            c = compute(sql);
        } else {
            c = entries.get(sql);
            if (c != null) {
                stats.recordHits(1);
            } else {
                c = classifyNewText(sql);
            }
        }
        if (c.kind() == Reason.UNKNOWN_SQL) {
            unknown.increment();
        }
        return c;
    }

    /** A text not in the cache as it is: look it up by its literal-insensitive key, parse it if that is new too. */
    private Classification classifyNewText(String sql) {
        LiteralShape shape = normalizer.shape(sql);
        if (shape == null) {
            return cache.get(sql, computer); // no literal: the text is its own key
        }
        // Looked up by the key's description: the key is built only to be stored.
        Classification c = entries.get(new LiteralInsensitiveKey(shape));
        if (c != null) {
            stats.recordHits(1);
            literalInsensitiveHits.increment();
            return c;
        }
        Parse parse = new Parse(sql);
        c = cache.get(new LiteralInsensitiveKey(shape.key()), parse);
        if (parse.ran) {
            // The first text of a shape is kept under itself too, so that a prepared statement with constants in
            // its text keeps the allocation-free exact hit; later variants are not (no entry per literal value).
            entries.putIfAbsent(sql, c);
        }
        return c;
    }

    /**
     * Cache weight of an entry: one unit per started {@value #CACHE_CHARS_PER_UNIT} characters of its key, so that the
     * cache's size bounds the SQL text it holds, not only its entries.
     */
    private static int weight(Object key, Classification value) {
        int length = key instanceof String ? ((String) key).length() : ((LiteralInsensitiveKey) key).length();
        return 1 + (Math.max(length, 1) - 1) / CACHE_CHARS_PER_UNIT;
    }

    /** Parses the original text, never the key; remembers whether it ran. */
    private final class Parse implements Function<Object, Classification> {
        private final String sql;
        boolean ran;

        Parse(String sql) {
            this.sql = sql;
        }

        @Override
        public Classification apply(Object key) {
            ran = true;
            return compute(sql);
        }
    }

    private Classification compute(String sql) {
        String invalid = invalidCharacter(sql);
        if (invalid != null) {
            return Classification.invalid(invalid);
        }
        if (sql.length() > MAX_CLASSIFIED_SQL_LENGTH) {
            return UNKNOWN;
        }
        try {
            return engine.classify(sql);
        } catch (RuntimeException | StackOverflowError e) {
            return UNKNOWN;
        }
    }

    /**
     * Why no server can run the text as it stands, or null: a NUL character (PostgreSQL's protocol ends a query at
     * it and answers 08P01; a MySQL server reads it as a character only inside a literal), or a lone UTF-16
     * surrogate (a vendor driver's UTF-8 encoder silently turns it into {@code ?}: a silent change of meaning).
     */
    static String invalidCharacter(String sql) {
        for (int i = 0, n = sql.length(); i < n; i++) {
            char c = sql.charAt(i);
            if (c == 0) {
                return "the SQL text contains a NUL character (U+0000) at offset " + i
                        + "; pass binary or NUL-containing data as a parameter";
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(sql.charAt(i + 1))) {
                    i++;
                } else {
                    return "the SQL text contains a lone UTF-16 surrogate (U+" + Integer.toHexString(c).toUpperCase()
                            + ") at offset " + i + ", which no character set can encode";
                }
            }
        }
        return null;
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * The entries of a session statement rwsplit replays ({@link Classification#replayable()}), read from this very
     * text (uncached: a replayable statement is rare, and its literals matter here), or null when the text is not
     * replayable after all (then it pins: {@link Classification#pinningInstead()}).
     */
    public SessionSet sessionSet(String sql) {
        return SessionSetGrammar.read(dialect, sql);
    }

    /** Calls to {@link #classify} that returned {@link Reason#UNKNOWN_SQL}, cache hits included. */
    public long unknownCount() {
        return unknown.sum();
    }

    /** Calls answered from the cache, by exact text or by literal-insensitive key. */
    public long cacheHits() {
        return cache.stats().hitCount();
    }

    /** Calls answered from the cache by literal-insensitive key: new texts differing from a cached one in literals. */
    public long cacheLiteralInsensitiveHits() {
        return literalInsensitiveHits.sum();
    }

    /** Calls that parsed their text (texts longer than {@value #MAX_CACHED_SQL_LENGTH} characters not counted). */
    public long cacheMisses() {
        return cache.stats().missCount();
    }

    /** Caffeine statistics of the classification cache. */
    public CacheStats cacheStats() {
        return cache.stats();
    }

    /** Approximate number of cache entries (a text with literals that was parsed takes two: its key and itself). */
    public long cacheSize() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /**
     * A literal-insensitive key; a type of its own, so that it never equals a SQL text, whatever the text holds. The
     * cache holds built keys; a look-up uses the text's {@link LiteralShape} instead, equal to the built key of the
     * same text.
     */
    private static final class LiteralInsensitiveKey {
        /** The key, or null in a look-up. */
        private final String key;
        /** The key described, in a look-up; null in a built key. */
        private final LiteralShape shape;
        private final int hash;

        LiteralInsensitiveKey(String key) {
            this.key = key;
            this.shape = null;
            this.hash = LiteralShape.keyHash(key);
        }

        LiteralInsensitiveKey(LiteralShape shape) {
            this.key = null;
            this.shape = shape;
            this.hash = shape.keyHash();
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof LiteralInsensitiveKey)) {
                return false;
            }
            LiteralInsensitiveKey other = (LiteralInsensitiveKey) o;
            if (key != null) {
                return other.key != null ? key.equals(other.key) : other.shape.matches(key);
            }
            return other.key != null ? shape.matches(other.key) : shape.matches(other.shape.key());
        }

        /** Characters of a built key. */
        int length() {
            return key.length();
        }

        /** {@link LiteralShape#keyHash} of the key, built or not. */
        @Override
        public int hashCode() {
            return hash;
        }
    }
}

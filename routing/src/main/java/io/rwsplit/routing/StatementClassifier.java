package io.rwsplit.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.rwsplit.routing.internal.ClassifierEngine;
import io.rwsplit.routing.internal.CriticalTables;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Classifies SQL texts for routing, with the ShardingSphere 5.5.2 SQL parser, and caches the result by text in a
 * bounded Caffeine cache. Thread-safe; one instance per dialect and criticalTables setting, shared by every
 * connection.
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
 *   <li><b>SET.</b> rwsplit replays only what is set through JDBC (autocommit, isolation, read-only, catalog,
 *       schema), so every SQL {@code SET} of session state pins the connection to the primary, including
 *       {@code SET NAMES}, {@code SET autocommit}, {@code SET search_path}, {@code SET @@session.x},
 *       {@code SET SESSION TRANSACTION} and PostgreSQL {@code SET SESSION CHARACTERISTICS}. MySQL
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
 *   <li><b>Parser gaps</b> (5.5.2): PostgreSQL {@code SKIP LOCKED} and MariaDB {@code NEXT/PREVIOUS VALUE FOR}
 *       are rewritten to a form the grammar knows and parsed again. PostgreSQL DO, MERGE and
 *       {@code CREATE TABLE ... AS} and other CREATE, ALTER or DROP texts the grammar rejects are recognized by their leading keyword (CALL,
 *       WRITE, DDL or SESSION_STATE for a temporary table). MySQL executable comments ({@code /*!...*}{@code /})
 *       are classified as code. A data-modifying PostgreSQL CTE, which the 5.5.2 visitor cannot build, is found in
 *       the parse tree. For any other text the parser rejects, pinning is decided from its tokens, erring towards
 *       pinning. Texts nested deeper than 16 parentheses are not parsed (UNKNOWN_SQL): the 5.5.2 ANTLR grammars
 *       take hundreds of milliseconds at depth 24 and seconds beyond.</li>
 *   <li><b>Cache.</b> Results, unknowns included, are cached by exact text; texts longer than
 *       {@value #MAX_CACHED_SQL_LENGTH} characters are classified but not cached. Cache maintenance runs on the
 *       calling thread.</li>
 * </ul>
 * Stored procedures and DO blocks can create session state rwsplit cannot see; they run on the primary but do not
 * pin.
 */
public final class StatementClassifier {

    /** Longest SQL text kept in the cache. */
    public static final int MAX_CACHED_SQL_LENGTH = 65_536;

    /** The mapping function, created once so that a cache hit allocates nothing. */
    private final java.util.function.Function<String, Classification> computer = this::compute;

    private static final Classification UNKNOWN = new Classification(Reason.UNKNOWN_SQL, false, false,
            TransactionControl.NONE, Hint.NONE, -1, Set.of());

    private final Dialect dialect;
    private final ClassifierEngine engine;
    private final Cache<String, Classification> cache;
    private final LongAdder unknown = new LongAdder();

    /**
     * @param dialect          SQL dialect of the texts
     * @param criticalTables   entries {@code table} or {@code schema.table}; case, quotes and backticks ignored
     * @param maxCacheEntries  most classifications kept, at least 0
     * @throws IllegalArgumentException for a blank or malformed criticalTables entry or a negative cache size
     */
    public StatementClassifier(Dialect dialect, Collection<String> criticalTables, long maxCacheEntries) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(criticalTables, "criticalTables");
        if (maxCacheEntries < 0) {
            throw new IllegalArgumentException("maxCacheEntries must be at least 0, but was " + maxCacheEntries);
        }
        this.engine = new ClassifierEngine(dialect, new CriticalTables(criticalTables));
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxCacheEntries)
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    /** Classifier with no critical tables. */
    public StatementClassifier(Dialect dialect, long maxCacheEntries) {
        this(dialect, List.of(), maxCacheEntries);
    }

    /**
     * Classifies a SQL text. Never throws; null, empty and unparseable texts are {@link Reason#UNKNOWN_SQL}. Every
     * call for the same cached text returns the same instance.
     */
    public Classification classify(String sql) {
        Classification c;
        if (sql == null || sql.isEmpty()) {
            c = UNKNOWN;
        } else if (sql.length() > MAX_CACHED_SQL_LENGTH) {
            c = compute(sql);
        } else {
            c = cache.get(sql, computer);
        }
        if (c.kind() == Reason.UNKNOWN_SQL) {
            unknown.increment();
        }
        return c;
    }

    private Classification compute(String sql) {
        try {
            return engine.classify(sql);
        } catch (RuntimeException | StackOverflowError e) {
            return UNKNOWN;
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Calls to {@link #classify} that returned {@link Reason#UNKNOWN_SQL}, cache hits included. */
    public long unknownCount() {
        return unknown.sum();
    }

    public long cacheHits() {
        return cache.stats().hitCount();
    }

    public long cacheMisses() {
        return cache.stats().missCount();
    }

    /** Caffeine statistics of the classification cache. */
    public CacheStats cacheStats() {
        return cache.stats();
    }

    /** Approximate number of cached classifications. */
    public long cacheSize() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}

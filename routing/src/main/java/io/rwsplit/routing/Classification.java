package io.rwsplit.routing;

import java.util.Objects;
import java.util.Set;

/**
 * What rwsplit knows about one SQL text. Immutable; cached by SQL text, so one instance is shared by every
 * execution of the same text.
 *
 * <p>{@link #kind()} is {@link Reason#READ} for a statement that may run on a replica. Any other kind names the
 * reason the statement must run on the primary. {@link Reason#UNKNOWN_SQL} means the text could not be classified;
 * such a statement goes to the primary and is counted.
 */
public final class Classification {

    private final Reason kind;
    private final boolean touchesCriticalTable;
    private final boolean pinsSession;
    private final TransactionControl transactionControl;
    private final Hint hint;
    private final long maxLagMillis;
    private final Set<String> tables;
    private final String hintError;
    private final String invalidText;
    private final boolean replayable;
    /** The same classification pinning instead of replaying, for a replayable one; else null. */
    private final Classification pinning;

    /**
     * @param kind               {@link Reason#READ} for a pure read, else the reason it needs the primary: one of
     *                           WRITE, DDL, CALL, SELECT_INTO, LOCKING_READ, SIDE_EFFECT, SESSION_STATE,
     *                           TRANSACTION_CONTROL, UNKNOWN_SQL
     * @param touchesCriticalTable whether any table the statement names is in criticalTables
     * @param pinsSession        whether running it creates session state that rwsplit cannot carry to another node
     *                           (user variables, temporary tables, LOCK TABLES, advisory locks, unreplayed SET)
     * @param transactionControl what it does to the transaction state
     * @param hint               the routing hint in its comments
     * @param maxLagMillis       the {@code /*rwsplit:max-lag=...*}{@code /} bound in milliseconds, or -1 if none
     * @param tables             lower-case table names it touches, unqualified (for diagnostics and tests)
     */
    public Classification(Reason kind, boolean touchesCriticalTable, boolean pinsSession,
                          TransactionControl transactionControl, Hint hint, long maxLagMillis, Set<String> tables) {
        this(kind, touchesCriticalTable, pinsSession, transactionControl, hint, maxLagMillis, tables, null);
    }

    /**
     * As {@link #Classification(Reason, boolean, boolean, TransactionControl, Hint, long, Set)}, plus:
     *
     * @param hintError null, or why an {@code rwsplit:} hint in the statement's comments is malformed (see
     *                  {@link #hintError()})
     */
    public Classification(Reason kind, boolean touchesCriticalTable, boolean pinsSession,
                          TransactionControl transactionControl, Hint hint, long maxLagMillis, Set<String> tables,
                          String hintError) {
        this(kind, touchesCriticalTable, pinsSession, transactionControl, hint, maxLagMillis, tables, hintError,
                false);
    }

    /**
     * As {@link #Classification(Reason, boolean, boolean, TransactionControl, Hint, long, Set, String)}, plus:
     *
     * @param replayable a session statement of constants that rwsplit replays on every node the session uses instead
     *                   of pinning (see {@link #replayable()}); then {@code pinsSession} is false
     */
    public Classification(Reason kind, boolean touchesCriticalTable, boolean pinsSession,
                          TransactionControl transactionControl, Hint hint, long maxLagMillis, Set<String> tables,
                          String hintError, boolean replayable) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.touchesCriticalTable = touchesCriticalTable;
        this.pinsSession = pinsSession;
        this.transactionControl = Objects.requireNonNull(transactionControl, "transactionControl");
        this.hint = Objects.requireNonNull(hint, "hint");
        this.maxLagMillis = maxLagMillis;
        this.tables = Set.copyOf(tables);
        this.hintError = hintError;
        this.invalidText = null;
        this.replayable = replayable && !pinsSession;
        this.pinning = this.replayable ? new Classification(kind, touchesCriticalTable, true, transactionControl, hint,
                maxLagMillis, tables, hintError, false) : null;
    }

    private Classification(String invalidText) {
        this.kind = Reason.UNKNOWN_SQL;
        this.touchesCriticalTable = false;
        this.pinsSession = false;
        this.transactionControl = TransactionControl.NONE;
        this.hint = Hint.NONE;
        this.maxLagMillis = -1;
        this.tables = Set.of();
        this.hintError = null;
        this.invalidText = Objects.requireNonNull(invalidText, "invalidText");
        this.replayable = false;
        this.pinning = null;
    }

    /**
     * The classification of a text that no server can run as it stands (see {@link #invalidText()}): UNKNOWN_SQL,
     * with the reason.
     */
    public static Classification invalid(String why) {
        return new Classification(why);
    }

    public Reason kind() {
        return kind;
    }

    /** True when the statement could run on a replica as far as its own text goes. */
    public boolean isRead() {
        return kind == Reason.READ;
    }

    public boolean touchesCriticalTable() {
        return touchesCriticalTable;
    }

    public boolean pinsSession() {
        return pinsSession;
    }

    /**
     * True for a session statement of constant values ({@code SET time_zone = '+00:00'}, {@code SET search_path TO
     * shop}, {@code RESET ALL}; see {@link SessionSet}) that rwsplit replays on every node the session uses instead
     * of pinning the session to the primary. Its entries come from {@link StatementClassifier#sessionSet(String)} on
     * the text itself (this classification is shared by texts that differ in literals); when that says null, the
     * statement pins: {@link #pinningInstead()}.
     */
    public boolean replayable() {
        return replayable;
    }

    /** For a {@link #replayable()} statement, the same classification pinning the session instead; else this one. */
    public Classification pinningInstead() {
        return pinning == null ? this : pinning;
    }

    public TransactionControl transactionControl() {
        return transactionControl;
    }

    public Hint hint() {
        return hint;
    }

    /** The per-statement staleness bound from a hint, in milliseconds, or -1 when the statement has none. */
    public long maxLagMillis() {
        return maxLagMillis;
    }

    public Set<String> tables() {
        return tables;
    }

    /**
     * Why an {@code rwsplit:} hint in this statement's comments is malformed (unknown directive, bad duration,
     * conflicting hints), or null when every hint is well-formed. The message names the offending comment. The
     * driver must not run a statement with a hint error: it throws an {@code SQLException} with SQLState
     * {@code 42000} and this message. When it is not null, {@link #hint()} is {@link Hint#NONE} and
     * {@link #maxLagMillis()} is -1.
     */
    public String hintError() {
        return hintError;
    }

    /**
     * Why the text cannot be valid SQL in any dialect as it stands, so that it must not be sent anywhere (a NUL
     * character, a lone UTF-16 surrogate, which a vendor driver would silently encode as {@code ?}), or null. The
     * message says where. The driver throws an {@code SQLException} with SQLState {@value #INVALID_TEXT_SQLSTATE}
     * (character not in repertoire) and this message instead of running the statement; the kind is then
     * {@link Reason#UNKNOWN_SQL}.
     */
    public String invalidText() {
        return invalidText;
    }

    /** SQLState for {@link #invalidText()}: 22021, character not in repertoire. */
    public static final String INVALID_TEXT_SQLSTATE = "22021";

    /** True when {@link #hintError()} is not null. */
    public boolean hasHintError() {
        return hintError != null;
    }

    @Override
    public String toString() {
        return "Classification{kind=" + kind.code() + ", critical=" + touchesCriticalTable + ", pins=" + pinsSession
                + (replayable ? ", replayable" : "")
                + ", tx=" + transactionControl + ", hint=" + hint + ", maxLagMillis=" + maxLagMillis
                + ", tables=" + tables + (hintError == null ? "" : ", hintError=" + hintError)
                + (invalidText == null ? "" : ", invalidText=" + invalidText) + '}';
    }
}

package io.rwsplit.routing.internal;

import io.rwsplit.routing.Reason;
import io.rwsplit.routing.TransactionControl;

import java.util.List;

/** What one statement of a (possibly multi-statement) text is: its kind, pinning, transaction control, tables. */
final class StatementPart {
    Reason kind;
    boolean pins;
    /** A session statement rwsplit replays instead of pinning ({@link SessionSetGrammar}). */
    boolean replay;
    TransactionControl tx = TransactionControl.NONE;
    List<TreeFacts.TableRef> tables = List.of();

    StatementPart(Reason kind) {
        this.kind = kind;
    }

    /** A part that pins the session. */
    static StatementPart pinned(Reason kind) {
        StatementPart part = new StatementPart(kind);
        part.pins = true;
        return part;
    }
}

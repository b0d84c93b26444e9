package io.rwsplit.routing.internal;

import io.rwsplit.routing.Reason;

import java.util.ArrayList;
import java.util.List;

/**
 * Verdicts from a statement's tokens alone, without the parser: what rwsplit's lexer, which reads a text as the
 * server does, proves about a query, a data-changing statement, or a statement the parser rejected or that is over
 * the parse budget. {@link ClassifierEngine} uses them first (queries and writes need no parse) and as the fallback.
 */
final class TokenVerdicts {
    private final CriticalTables criticalTables;

    TokenVerdicts(CriticalTables criticalTables) {
        this.criticalTables = criticalTables;
    }

    /**
     * A statement decided by its tokens alone, without the parser: a query (SELECT, WITH, TABLE, VALUES) by what its
     * tokens show, a data-changing statement is a write, anything else as a text the parser rejected.
     */
    StatementPart fromTokens(LexicalFacts lex) {
        if (lex.startsLikeAQuery()) {
            StatementPart part = select(lex, TreeFacts.NONE);
            part.tables = tablesFromTokens(lex);
            part.pins |= lex.pinningCall || lex.userVariableAssignment;
            return part;
        }
        if (lex.startsWithDataChange()) {
            StatementPart part = new StatementPart(Reason.WRITE);
            part.tables = tablesFromTokens(lex);
            part.pins = lex.pinningCall || lex.userVariableAssignment;
            return part;
        }
        return lexicalOnly(lex);
    }

    /**
     * A statement too big or too deeply nested to parse within the budget: a read when its tokens alone prove it one
     * (it starts with SELECT or WITH, and has none of the words or calls that make a read run on the primary: a
     * locking clause, INTO, a data-changing keyword, a function with side effects, a user variable assignment), with
     * every name that matches a critical table counted as one; otherwise as a text the parser rejected.
     */
    StatementPart lexicalOnly(LexicalFacts lex) {
        StatementPart part = unparsed(lex);
        if (part.kind == Reason.UNKNOWN_SQL && lex.provesRead() && !part.pins) {
            part.kind = Reason.READ;
            part.tables = tablesFromTokens(lex);
        }
        return part;
    }

    /**
     * The tables of a statement classified from its tokens: those named after FROM, JOIN, INTO or a leading UPDATE,
     * and every name that matches a critical table wherever it stands (a column of that name too: erring towards
     * the primary).
     */
    private List<TreeFacts.TableRef> tablesFromTokens(LexicalFacts lex) {
        List<TreeFacts.TableRef> tables = lex.tablesNamedLexically();
        if (lex.namesCriticalTable(criticalTables)) {
            tables = new ArrayList<>(tables);
            for (SqlToken t : lex.tokens) {
                String name = LexicalFacts.nameOf(t);
                if (name != null && criticalTables.matches(null, name)) {
                    tables.add(new TreeFacts.TableRef(null, name));
                }
            }
        }
        return tables;
    }

    /**
     * The parser rejected the text: UNKNOWN_SQL, except for statements the 5.5.2 grammars lack whose leading
     * keyword alone says they run on the primary (PostgreSQL DO and MERGE; CREATE, ALTER, DROP, e.g. PostgreSQL
     * CREATE TABLE ... AS or CREATE FUNCTION with a dollar-quoted body). Pinning is decided
     * from the tokens, erring towards pinning.
     */
    StatementPart unparsed(LexicalFacts lex) {
        StatementPart part = new StatementPart(Reason.UNKNOWN_SQL);
        String first = lex.firstWord;
        if (first != null) {
            if (first.equals("DO") || first.equals("CALL")) {
                part.kind = Reason.CALL;
            } else if (first.equals("MERGE") || first.equals("INSERT") || first.equals("UPDATE")
                    || first.equals("DELETE") || first.equals("REPLACE")) {
                part.kind = Reason.WRITE;
            } else if (first.equals("CREATE") || first.equals("ALTER") || first.equals("DROP")) {
                part.kind = lex.temporaryObject ? Reason.SESSION_STATE : Reason.DDL;
            }
            switch (first) {
                case "SET":
                case "RESET":
                case "LOCK":
                case "UNLOCK":
                case "PREPARE":
                case "EXECUTE":
                case "DEALLOCATE":
                case "LISTEN":
                case "DECLARE":
                case "USE":
                case "HANDLER":
                    part.pins = true;
                    break;
                default:
                    break;
            }
        }
        part.pins |= lex.temporaryObject || lex.userVariableAssignment || lex.intoUserVariable || lex.pinningCall
                || lex.intoTemporary;
        return part;
    }

    /**
     * A SELECT (or TABLE, VALUES). What the parse tree shows is backed by what rwsplit's own lexer, which reads the
     * text as the server does, finds: a data-changing keyword, INTO or a locking clause's words anywhere in the
     * tokens count even where the tree has none (a grammar that read the text differently, a statement type the
     * visitor mapped loosely), erring towards the primary.
     */
    static StatementPart select(LexicalFacts lex, TreeFacts tree) {
        StatementPart part;
        if (tree.nestedDml || lex.dmlWord) {
            part = new StatementPart(Reason.WRITE);
        } else if (tree.into || lex.intoWord) {
            part = new StatementPart(Reason.SELECT_INTO);
            part.pins = lex.intoUserVariable || lex.intoTemporary;
        } else if (tree.lock || lex.lockingWords) {
            part = new StatementPart(Reason.LOCKING_READ);
        } else if (lex.sideEffectCall) {
            part = new StatementPart(Reason.SIDE_EFFECT);
        } else if (lex.userVariableAssignment) {
            part = StatementPart.pinned(Reason.SESSION_STATE);
        } else {
            part = new StatementPart(Reason.READ);
        }
        return part;
    }
}

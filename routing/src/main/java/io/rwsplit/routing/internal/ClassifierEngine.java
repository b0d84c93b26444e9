package io.rwsplit.routing.internal;

import io.rwsplit.routing.Classification;
import io.rwsplit.routing.Dialect;
import io.rwsplit.routing.Reason;
import io.rwsplit.routing.TransactionControl;
import org.apache.shardingsphere.sql.parser.api.CacheOption;
import org.apache.shardingsphere.sql.parser.api.SQLParserEngine;
import org.apache.shardingsphere.sql.parser.api.SQLStatementVisitorEngine;
import org.apache.shardingsphere.sql.parser.core.ParseASTNode;
import org.apache.shardingsphere.sql.parser.statement.core.statement.SQLStatement;
import org.apache.shardingsphere.sql.parser.statement.core.statement.dal.DALStatement;
import org.apache.shardingsphere.sql.parser.statement.core.statement.dal.ExplainStatement;
import org.apache.shardingsphere.sql.parser.statement.core.statement.dcl.DCLStatement;
import org.apache.shardingsphere.sql.parser.statement.core.statement.ddl.DDLStatement;
import org.apache.shardingsphere.sql.parser.statement.core.statement.rl.RLStatement;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Classifies one SQL text without caching: scan (comments, hints, statement boundaries, tokens), then parse each
 * statement with ShardingSphere, map the statement type, and refine with what the parse tree and the tokens show.
 * Thread-safe; see {@code io.rwsplit.routing.StatementClassifier} for the rules.
 */
public final class ClassifierEngine {

    /** Taken from a class, not written out, so that it stays true in the shaded jar (relocated packages). */
    private static final String CORE_PACKAGE = SQLStatement.class.getPackageName();

    /**
     * Deeper parenthesis nesting is not parsed (the 5.5.2 ANTLR grammars' prediction grows exponentially with it:
     * seconds at depth 7 to 15 on a new shape): such a statement is classified from its tokens alone
     * ({@link #lexicalOnly}).
     */
    static final int MAX_PARENTHESIS_DEPTH = 6;
    /** A statement of more tokens than this is not parsed either: it is classified from its tokens alone. */
    static final int MAX_PARSED_TOKENS = 500;
    /** Words a statement that reads must start with, after any opening parentheses. */
    private static final Set<String> READ_LEADING_WORDS = Set.of("SELECT", "WITH", "TABLE", "VALUES", "SHOW",
            "EXPLAIN", "DESCRIBE", "DESC", "HELP", "COPY");

    private final Dialect dialect;
    private final CriticalTables criticalTables;
    private final SQLParserEngine parser;
    private final SQLStatementVisitorEngine visitor;

    public ClassifierEngine(Dialect dialect, CriticalTables criticalTables) {
        this.dialect = dialect;
        this.criticalTables = criticalTables;
        String databaseType = dialect == Dialect.MYSQL ? "MySQL" : "PostgreSQL";
        // ShardingSphere's own parse-tree cache stays tiny: results are cached by text one level up.
        this.parser = new SQLParserEngine(databaseType, new CacheOption(1, 1));
        this.visitor = new SQLStatementVisitorEngine(databaseType);
    }

    /** Result for one statement of a (possibly multi-statement) text. */
    private static final class Part {
        Reason kind;
        boolean pins;
        TransactionControl tx = TransactionControl.NONE;
        List<TreeFacts.TableRef> tables = List.of();

        Part(Reason kind) {
            this.kind = kind;
        }
    }

    /** Never throws for a non-null text. */
    public Classification classify(String sql) {
        SqlScanner.Scan scan = SqlScanner.scan(dialect, sql);
        HintParser.Hints hints = HintParser.parse(scan.comments);
        List<List<SqlToken>> statements = split(scan.tokens);
        Reason kind = null;
        boolean pins = false;
        TransactionControl tx = TransactionControl.NONE;
        boolean critical = false;
        Set<String> tables = new LinkedHashSet<>();
        for (List<SqlToken> tokens : statements) {
            Part part;
            if (scan.unsure != null) {
                part = unparsed(new LexicalFacts(tokens));
                part.kind = Reason.UNKNOWN_SQL; // the server's reading is not known: no verdict but the primary
            } else {
                try {
                    part = classifyStatement(scan.parseText, tokens);
                } catch (RuntimeException | StackOverflowError e) {
                    part = new Part(Reason.UNKNOWN_SQL);
                }
            }
            kind = kind == null ? part.kind : morePrimaryBound(kind, part.kind);
            pins |= part.pins;
            if (part.tx != TransactionControl.NONE) {
                tx = part.tx;
            }
            for (TreeFacts.TableRef t : part.tables) {
                tables.add(t.name);
                critical |= criticalTables.matches(t.schema, t.name);
            }
        }
        if (kind == null || scan.unsure != null) {
            kind = Reason.UNKNOWN_SQL; // nothing but comments and semicolons, or a text read two ways
        }
        return new Classification(kind, critical, pins, tx, hints.hint, hints.maxLagMillis, tables, hints.error);
    }

    /**
     * Splits on top-level semicolons. A CREATE whose text has a BEGIN (a MySQL compound routine body, a PostgreSQL
     * BEGIN ATOMIC body) is not split: its semicolons belong to the body.
     */
    private static List<List<SqlToken>> split(List<SqlToken> tokens) {
        List<List<SqlToken>> out = new ArrayList<>();
        if (!tokens.isEmpty() && tokens.get(0).isWord("CREATE")) {
            for (SqlToken t : tokens) {
                if (t.isWord("BEGIN")) {
                    List<SqlToken> all = new ArrayList<>(tokens);
                    while (!all.isEmpty() && all.get(all.size() - 1).type == SqlToken.Type.SEMICOLON) {
                        all.remove(all.size() - 1);
                    }
                    out.add(all);
                    return out;
                }
            }
        }
        int from = 0;
        for (int i = 0; i <= tokens.size(); i++) {
            if (i == tokens.size() || tokens.get(i).type == SqlToken.Type.SEMICOLON) {
                if (i > from) {
                    out.add(tokens.subList(from, i));
                }
                from = i + 1;
            }
        }
        return out;
    }

    /** Order used to combine the parts of a multi-statement text; the first in this list wins. */
    private static final Reason[] PRECEDENCE = {
        Reason.UNKNOWN_SQL, Reason.WRITE, Reason.DDL, Reason.CALL, Reason.SELECT_INTO, Reason.LOCKING_READ,
        Reason.SIDE_EFFECT, Reason.SESSION_STATE, Reason.TRANSACTION_CONTROL, Reason.READ
    };

    static Reason morePrimaryBound(Reason a, Reason b) {
        for (Reason r : PRECEDENCE) {
            if (a == r || b == r) {
                return r;
            }
        }
        return a;
    }

    /**
     * A statement decided by its tokens alone, without the parser: a query (SELECT, WITH, TABLE, VALUES) by what its
     * tokens show, a data-changing statement is a write, anything else as a text the parser rejected.
     */
    private Part fromTokens(LexicalFacts lex) {
        if (lex.startsLikeAQuery()) {
            Part part = select(lex, TreeFacts.NONE);
            part.tables = tablesFromTokens(lex);
            part.pins |= lex.pinningCall || lex.userVariableAssignment;
            return part;
        }
        if (lex.startsWithDataChange()) {
            Part part = new Part(Reason.WRITE);
            part.tables = tablesFromTokens(lex);
            part.pins = lex.pinningCall || lex.userVariableAssignment;
            return part;
        }
        return lexicalOnly(lex);
    }

    private Part classifyStatement(String parseText, List<SqlToken> tokens) {
        LexicalFacts lex = new LexicalFacts(tokens);
        boolean overBudget = tokens.size() > MAX_PARSED_TOKENS || lex.maxDepth > MAX_PARENTHESIS_DEPTH;
        if (lex.startsLikeAQuery() && (overBudget || !lex.namesCriticalTable(criticalTables))
                || lex.startsWithDataChange()) {
            // A SELECT (WITH, TABLE, VALUES) is decided by its tokens, which the scanner read as the server does:
            // the parse tree could add no reason to run on the primary that the tokens lack (a locking clause,
            // INTO, a data-changing statement, a call with side effects), and a text the server rejects does no
            // harm on a replica either. The parser is needed only to tell whether a critical table's name is a
            // table; over the budget, any such name counts. A data-changing statement is a write whatever the
            // parser would say (a bulk INSERT of a thousand rows would cost milliseconds to parse).
            return fromTokens(lex);
        }
        if (overBudget) {
            return lexicalOnly(lex); // the ANTLR grammars take seconds on deep nesting
        }
        int start = tokens.get(0).start;
        String text = parseText.substring(start, tokens.get(tokens.size() - 1).end);
        ParseASTNode ast;
        try {
            ast = parser.parse(text, false);
        } catch (RuntimeException e) {
            String rewritten = lex.rewriteForParser(text, start, dialect == Dialect.MYSQL);
            if (rewritten == null) {
                return lexicalOnly(lex);
            }
            try {
                ast = parser.parse(rewritten, false);
            } catch (RuntimeException e2) {
                return lexicalOnly(lex);
            }
        }
        TreeFacts tree = TreeFacts.of(ast.getRootNode());
        SQLStatement statement;
        try {
            statement = visitor.visit(ast);
        } catch (RuntimeException | StackOverflowError e) {
            statement = null; // e.g. 5.5.2's PostgreSQL visitor fails on data-modifying CTEs
        }
        Part part = statement == null
                ? new Part(tree.nestedDml ? Reason.WRITE : Reason.UNKNOWN_SQL)
                : classifyParsed(statement, lex, tree);
        if (part.kind == Reason.READ && !READ_LEADING_WORDS.contains(lex.leadingWord)) {
            part.kind = Reason.UNKNOWN_SQL; // the parser saw a read where the server sees another statement
        }
        if (part.kind != Reason.UNKNOWN_SQL) {
            part.tables = tree.tables;
        }
        part.pins |= lex.pinningCall || lex.userVariableAssignment;
        return part;
    }

    /**
     * A statement too big or too deeply nested to parse within the budget: a read when its tokens alone prove it one
     * (it starts with SELECT or WITH, and has none of the words or calls that make a read run on the primary: a
     * locking clause, INTO, a data-changing keyword, a function with side effects, a user variable assignment), with
     * every name that matches a critical table counted as one; otherwise as a text the parser rejected.
     */
    private Part lexicalOnly(LexicalFacts lex) {
        Part part = unparsed(lex);
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
                if (t.type == SqlToken.Type.WORD || t.type == SqlToken.Type.QUOTED_IDENT
                        || t.type == SqlToken.Type.STRING && t.text.startsWith("\"")) {
                    String name = (t.type == SqlToken.Type.STRING ? TreeFacts.unquote(t.text) : t.text)
                            .toLowerCase(java.util.Locale.ROOT);
                    if (criticalTables.matches(null, name)) {
                        tables.add(new TreeFacts.TableRef(null, name));
                    }
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
    private Part unparsed(LexicalFacts lex) {
        Part part = new Part(Reason.UNKNOWN_SQL);
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

    private Part classifyParsed(SQLStatement statement, LexicalFacts lex, TreeFacts tree) {
        String type = coreType(statement.getClass());
        switch (type) {
            case "SelectStatement":
            case "TableStatement":
                return select(lex, tree);
            case "InsertStatement":
            case "UpdateStatement":
            case "DeleteStatement":
            case "MergeStatement":
            case "LoadDataStatement":
            case "LoadXMLStatement":
            case "ImportStatement":
                return new Part(Reason.WRITE);
            case "CopyStatement":
                return copy(lex);
            case "CallStatement":
            case "DoStatement":
                return new Part(Reason.CALL);
            case "ExplainStatement":
                return explain((ExplainStatement) statement, lex, tree);
            case "BeginTransactionStatement":
            case "StartTransactionStatement":
            case "BeginDistributedTransactionStatement":
                return tx(lex.hasWordPair("READ", "ONLY") ? TransactionControl.BEGIN_READ_ONLY
                        : TransactionControl.BEGIN, false);
            case "CommitStatement":
            case "PrepareTransactionStatement":
                return tx(TransactionControl.COMMIT, false);
            case "RollbackStatement":
                return tx(lex.hasTopLevelWord("TO") ? TransactionControl.SAVEPOINT : TransactionControl.ROLLBACK,
                        false);
            case "SavepointStatement":
            case "ReleaseSavepointStatement":
                return tx(TransactionControl.SAVEPOINT, false);
            case "SetConstraintsStatement":
            case "CommitPreparedStatement":
            case "RollbackPreparedStatement":
                return tx(TransactionControl.NONE, false);
            case "SetTransactionStatement":
                return setTransaction(lex);
            case "SetStatement":
                return set(lex);
            case "SetAutoCommitStatement":
            case "LockStatement":
            case "UnlockStatement":
            case "HandlerStatement":
            case "UseStatement":
            case "ResetParameterStatement":
            case "LoadStatement":
            case "SetResourceGroupStatement":
            case "PrepareStatement":
            case "ExecuteStatement":
            case "DeallocateStatement":
            case "DeclareStatement":
            case "CursorStatement":
            case "FetchStatement":
            case "MoveStatement":
            case "CloseStatement":
            case "OpenStatement":
            case "ListenStatement":
            case "UnlistenStatement":
            case "SetRoleStatement":
            case "SetUserStatement":
                return pinned(Reason.SESSION_STATE);
            case "DiscardStatement":
                return new Part(Reason.SESSION_STATE);
            case "NotifyStmtStatement":
                return new Part(Reason.SIDE_EFFECT);
            case "HelpStatement":
                return new Part(Reason.READ);
            case "CheckpointStatement":
                return new Part(Reason.DDL);
            case "EmptyStatement":
            case "DelimiterStatement":
                return new Part(Reason.UNKNOWN_SQL);
            default:
                break;
        }
        if (type.startsWith("XA")) {
            return tx(TransactionControl.NONE, true);
        }
        if (statement instanceof DALStatement) {
            return new Part(type.startsWith("Show") ? Reason.READ : Reason.DDL);
        }
        if (statement instanceof DDLStatement || statement instanceof DCLStatement
                || statement instanceof RLStatement) {
            return lex.temporaryObject ? pinned(Reason.SESSION_STATE) : new Part(Reason.DDL);
        }
        return new Part(Reason.UNKNOWN_SQL);
    }

    /** The simple name of the ShardingSphere core statement class a dialect statement class extends. */
    private static String coreType(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (c.getPackageName().startsWith(CORE_PACKAGE)) {
                return c.getSimpleName();
            }
        }
        return type.getSimpleName();
    }

    /**
     * A SELECT (or TABLE, VALUES). What the parse tree shows is backed by what rwsplit's own lexer, which reads the
     * text as the server does, finds: a data-changing keyword, INTO or a locking clause's words anywhere in the
     * tokens count even where the tree has none (a grammar that read the text differently, a statement type the
     * visitor mapped loosely), erring towards the primary.
     */
    private static Part select(LexicalFacts lex, TreeFacts tree) {
        Part part;
        if (tree.nestedDml || lex.dmlWord) {
            part = new Part(Reason.WRITE);
        } else if (tree.into || lex.intoWord) {
            part = new Part(Reason.SELECT_INTO);
            part.pins = lex.intoUserVariable || lex.intoTemporary;
        } else if (tree.lock || lex.lockingWords) {
            part = new Part(Reason.LOCKING_READ);
        } else if (lex.sideEffectCall) {
            part = new Part(Reason.SIDE_EFFECT);
        } else if (lex.userVariableAssignment) {
            part = pinned(Reason.SESSION_STATE);
        } else {
            part = new Part(Reason.READ);
        }
        return part;
    }

    private static Part copy(LexicalFacts lex) {
        if (lex.hasTopLevelWord("FROM")) {
            return new Part(Reason.WRITE);
        }
        return new Part(lex.hasTopLevelWord("STDOUT") ? Reason.READ : Reason.SIDE_EFFECT);
    }

    private Part explain(ExplainStatement explain, LexicalFacts lex, TreeFacts tree) {
        if (!lex.explainAnalyzes()) {
            return new Part(Reason.READ);
        }
        SQLStatement inner = explain.getSqlStatement().orElse(null);
        if (inner == null) {
            return new Part(tree.nestedDml ? Reason.WRITE : Reason.UNKNOWN_SQL);
        }
        if (tree.nestedDml) {
            return new Part(Reason.WRITE);
        }
        Part part = classifyParsed(inner, lex, tree);
        part.tx = TransactionControl.NONE;
        return part;
    }

    private static Part tx(TransactionControl control, boolean pins) {
        Part part = new Part(Reason.TRANSACTION_CONTROL);
        part.tx = control;
        part.pins = pins;
        return part;
    }

    private static Part pinned(Reason kind) {
        Part part = new Part(kind);
        part.pins = true;
        return part;
    }

    /**
     * MySQL {@code SET TRANSACTION} (next transaction only) pins: the characteristic would otherwise stay on a
     * pooled connection and apply to whoever borrows it next. {@code SET SESSION TRANSACTION} and PostgreSQL
     * {@code SET SESSION CHARACTERISTICS} change the session; PostgreSQL {@code SET TRANSACTION} only the current
     * transaction. {@code SET GLOBAL TRANSACTION} changes the server.
     */
    private Part setTransaction(LexicalFacts lex) {
        String scope = lex.secondWord;
        if ("GLOBAL".equals(scope)) {
            return new Part(Reason.DDL);
        }
        if ("SESSION".equals(scope) || "LOCAL".equals(scope) && dialect == Dialect.MYSQL) {
            return pinned(Reason.SESSION_STATE);
        }
        return tx(TransactionControl.NONE, dialect == Dialect.MYSQL);
    }

    /**
     * SET: session state that rwsplit does not replay, so it pins (user variables, SET NAMES, SET search_path,
     * SET @@session.x, ...), except PostgreSQL {@code SET LOCAL} (undone at transaction end: transaction control,
     * not pinned) and a MySQL SET whose every assignment is explicitly GLOBAL/PERSIST (server configuration: DDL).
     */
    private Part set(LexicalFacts lex) {
        if (dialect == Dialect.POSTGRESQL) {
            if ("LOCAL".equals(lex.secondWord)) {
                return tx(TransactionControl.NONE, false);
            }
            if ("TRANSACTION".equals(lex.secondWord)) {
                return tx(TransactionControl.NONE, false);
            }
            return pinned(Reason.SESSION_STATE);
        }
        if (lex.mysqlSetIsOnlyGlobal()) {
            return new Part(Reason.DDL);
        }
        return pinned(Reason.SESSION_STATE);
    }
}

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
    private final TokenVerdicts verdicts;

    public ClassifierEngine(Dialect dialect, CriticalTables criticalTables) {
        this.dialect = dialect;
        this.criticalTables = criticalTables;
        String databaseType = dialect == Dialect.MYSQL ? "MySQL" : "PostgreSQL";
        // ShardingSphere's own parse-tree cache stays tiny: results are cached by text one level up.
        this.parser = new SQLParserEngine(databaseType, new CacheOption(1, 1));
        this.visitor = new SQLStatementVisitorEngine(databaseType);
        this.verdicts = new TokenVerdicts(criticalTables);
    }

    /** Never throws for a non-null text. */
    public Classification classify(String sql) {
        SqlScanner.Scan scan = SqlScanner.scan(dialect, sql);
        HintParser.Hints hints = HintParser.parse(scan.comments);
        List<List<SqlToken>> statements = split(scan.tokens);
        Reason kind = null;
        boolean pins = false;
        boolean replay = false;
        TransactionControl tx = TransactionControl.NONE;
        boolean critical = false;
        Set<String> tables = new LinkedHashSet<>();
        for (List<SqlToken> tokens : statements) {
            StatementPart part;
            if (scan.unsure != null) {
                part = verdicts.unparsed(new LexicalFacts(tokens));
                part.kind = Reason.UNKNOWN_SQL; // the server's reading is not known: no verdict but the primary
            } else {
                try {
                    part = classifyStatement(sql, scan.parseText, tokens);
                } catch (RuntimeException | StackOverflowError e) {
                    part = new StatementPart(Reason.UNKNOWN_SQL);
                }
            }
            kind = kind == null ? part.kind : morePrimaryBound(kind, part.kind);
            pins |= part.pins;
            replay |= part.replay;
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
        if (replay && (statements.size() != 1 || scan.unsure != null)) {
            // A session statement among others is not replayed: the session pins, as before replay existed.
            pins = true;
            replay = false;
        }
        return new Classification(kind, critical, pins, tx, hints.hint, hints.maxLagMillis, tables, hints.error,
                replay);
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

    private StatementPart classifyStatement(String sql, String parseText, List<SqlToken> tokens) {
        LexicalFacts lex = new LexicalFacts(tokens);
        if (SessionSetGrammar.mayStart(lex.firstWord, dialect)
                && SessionSetGrammar.entries(dialect, sql, tokens, false) != null) {
            // A session statement of constants: replayed on every node the session uses, so no pin.
            StatementPart part = new StatementPart(Reason.SESSION_STATE);
            part.replay = true;
            return part;
        }
        boolean overBudget = tokens.size() > MAX_PARSED_TOKENS || lex.maxDepth > MAX_PARENTHESIS_DEPTH;
        if (lex.startsLikeAQuery() && (overBudget || !lex.namesCriticalTable(criticalTables))
                || lex.startsWithDataChange()) {
            // A SELECT (WITH, TABLE, VALUES) is decided by its tokens, which the scanner read as the server does:
            // the parse tree could add no reason to run on the primary that the tokens lack (a locking clause,
            // INTO, a data-changing statement, a call with side effects), and a text the server rejects does no
            // harm on a replica either. The parser is needed only to tell whether a critical table's name is a
            // table; over the budget, any such name counts. A data-changing statement is a write whatever the
            // parser would say (a bulk INSERT of a thousand rows would cost milliseconds to parse).
            return verdicts.fromTokens(lex);
        }
        if (overBudget) {
            return verdicts.lexicalOnly(lex); // the ANTLR grammars take seconds on deep nesting
        }
        int start = tokens.get(0).start;
        String text = parseText.substring(start, tokens.get(tokens.size() - 1).end);
        ParseASTNode ast;
        try {
            ast = parser.parse(text, false);
        } catch (RuntimeException e) {
            String rewritten = lex.rewriteForParser(text, start, dialect == Dialect.MYSQL);
            if (rewritten == null) {
                return verdicts.lexicalOnly(lex);
            }
            try {
                ast = parser.parse(rewritten, false);
            } catch (RuntimeException e2) {
                return verdicts.lexicalOnly(lex);
            }
        }
        TreeFacts tree = TreeFacts.of(ast.getRootNode());
        SQLStatement statement;
        try {
            statement = visitor.visit(ast);
        } catch (RuntimeException | StackOverflowError e) {
            statement = null; // e.g. 5.5.2's PostgreSQL visitor fails on data-modifying CTEs
        }
        StatementPart part = statement == null
                ? new StatementPart(tree.nestedDml ? Reason.WRITE : Reason.UNKNOWN_SQL)
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

    private StatementPart classifyParsed(SQLStatement statement, LexicalFacts lex, TreeFacts tree) {
        String type = coreType(statement.getClass());
        switch (type) {
            case "SelectStatement":
            case "TableStatement":
                return TokenVerdicts.select(lex, tree);
            case "InsertStatement":
            case "UpdateStatement":
            case "DeleteStatement":
            case "MergeStatement":
            case "LoadDataStatement":
            case "LoadXMLStatement":
            case "ImportStatement":
                return new StatementPart(Reason.WRITE);
            case "CopyStatement":
                return copy(lex);
            case "CallStatement":
            case "DoStatement":
                return new StatementPart(Reason.CALL);
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
                return new StatementPart(Reason.SESSION_STATE);
            case "NotifyStmtStatement":
                return new StatementPart(Reason.SIDE_EFFECT);
            case "HelpStatement":
                return new StatementPart(Reason.READ);
            case "CheckpointStatement":
                return new StatementPart(Reason.DDL);
            case "EmptyStatement":
            case "DelimiterStatement":
                return new StatementPart(Reason.UNKNOWN_SQL);
            default:
                break;
        }
        if (type.startsWith("XA")) {
            return tx(TransactionControl.NONE, true);
        }
        if (statement instanceof DALStatement) {
            return new StatementPart(type.startsWith("Show") ? Reason.READ : Reason.DDL);
        }
        if (statement instanceof DDLStatement || statement instanceof DCLStatement
                || statement instanceof RLStatement) {
            return lex.temporaryObject ? pinned(Reason.SESSION_STATE) : new StatementPart(Reason.DDL);
        }
        return new StatementPart(Reason.UNKNOWN_SQL);
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

    private static StatementPart copy(LexicalFacts lex) {
        if (lex.hasTopLevelWord("FROM")) {
            return new StatementPart(Reason.WRITE);
        }
        return new StatementPart(lex.hasTopLevelWord("STDOUT") ? Reason.READ : Reason.SIDE_EFFECT);
    }

    private StatementPart explain(ExplainStatement explain, LexicalFacts lex, TreeFacts tree) {
        if (!lex.explainAnalyzes()) {
            return new StatementPart(Reason.READ);
        }
        SQLStatement inner = explain.getSqlStatement().orElse(null);
        if (inner == null) {
            return new StatementPart(tree.nestedDml ? Reason.WRITE : Reason.UNKNOWN_SQL);
        }
        if (tree.nestedDml) {
            return new StatementPart(Reason.WRITE);
        }
        StatementPart part = classifyParsed(inner, lex, tree);
        part.tx = TransactionControl.NONE;
        return part;
    }

    private static StatementPart tx(TransactionControl control, boolean pins) {
        StatementPart part = new StatementPart(Reason.TRANSACTION_CONTROL);
        part.tx = control;
        part.pins = pins;
        return part;
    }

    private static StatementPart pinned(Reason kind) {
        StatementPart part = new StatementPart(kind);
        part.pins = true;
        return part;
    }

    /**
     * MySQL {@code SET TRANSACTION} (next transaction only) pins: the characteristic would otherwise stay on a
     * pooled connection and apply to whoever borrows it next. {@code SET SESSION TRANSACTION} and PostgreSQL
     * {@code SET SESSION CHARACTERISTICS} change the session; PostgreSQL {@code SET TRANSACTION} only the current
     * transaction. {@code SET GLOBAL TRANSACTION} changes the server.
     */
    private StatementPart setTransaction(LexicalFacts lex) {
        String scope = lex.secondWord;
        if ("GLOBAL".equals(scope)) {
            return new StatementPart(Reason.DDL);
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
    private StatementPart set(LexicalFacts lex) {
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
            return new StatementPart(Reason.DDL);
        }
        return pinned(Reason.SESSION_STATE);
    }
}

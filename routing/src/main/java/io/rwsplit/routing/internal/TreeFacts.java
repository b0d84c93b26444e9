package io.rwsplit.routing.internal;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * What the ShardingSphere parse tree of one statement shows, found by walking every node: the tables it names
 * (in any position: FROM, JOIN, subqueries, CTE bodies, UNION arms, INSERT/UPDATE/DELETE targets), and whether it
 * has a locking clause, an INTO clause, or a data-modifying statement nested in it (a PostgreSQL CTE such as
 * {@code WITH x AS (DELETE ... RETURNING ...) SELECT ...}, or the statement an {@code EXPLAIN ANALYZE} runs).
 *
 * <p>Nodes are recognized by the generated grammar rule names of the pinned 5.5.2 MySQL and PostgreSQL grammars
 * ({@code TableName}, {@code QualifiedName} under {@code RelationExpr}, {@code LockClause},
 * {@code ForLockingClause}, {@code SelectIntoExpression}, {@code IntoClause}, {@code Insert} ...). The test corpus
 * pins this down; a grammar upgrade that renames a rule fails it.
 */
final class TreeFacts {

    /** A table reference, lower-case and unquoted; schema is null when unqualified. */
    static final class TableRef {
        final String schema;
        final String name;

        TableRef(String schema, String name) {
            this.schema = schema;
            this.name = name;
        }
    }

    private enum Role {
        NONE, TABLE_NAME, QUALIFIED_NAME, LOCK, INTO, DML
    }

    private static final ClassValue<Role> ROLES = new ClassValue<>() {
        @Override
        protected Role computeValue(Class<?> type) {
            String name = type.getSimpleName();
            switch (name) {
                case "TableNameContext":
                    return Role.TABLE_NAME;
                case "QualifiedNameContext":
                    return Role.QUALIFIED_NAME;
                case "LockClauseContext":
                case "ForLockingClauseContext":
                    return Role.LOCK;
                case "SelectIntoExpressionContext":
                case "IntoClauseContext":
                    return Role.INTO;
                case "InsertContext":
                case "UpdateContext":
                case "DeleteContext":
                case "ReplaceContext":
                case "MergeContext":
                    return Role.DML;
                default:
                    return Role.NONE;
            }
        }
    };

    /** PostgreSQL rules whose QualifiedName child is a table. */
    private static final ClassValue<Boolean> TABLE_PARENTS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            switch (type.getSimpleName()) {
                case "RelationExprContext":
                case "InsertTargetContext":
                case "CopyWithTableOrQueryContext":
                case "OptTempTableNameContext":
                    return Boolean.TRUE;
                default:
                    return Boolean.FALSE;
            }
        }
    };

    /** No parse tree: nothing found. */
    static final TreeFacts NONE = new TreeFacts();

    final List<TableRef> tables = new ArrayList<>();
    boolean lock;
    boolean into;
    /** An INSERT, UPDATE, DELETE, REPLACE or MERGE below the statement's root rule. */
    boolean nestedDml;
    /** The statement's own rule (the root), e.g. SelectContext or InsertContext. */
    String rootRule = "";

    static TreeFacts of(ParseTree root) {
        TreeFacts facts = new TreeFacts();
        ParseTree top = root;
        facts.rootRule = top.getClass().getSimpleName();
        Deque<ParseTree> stack = new ArrayDeque<>();
        stack.push(top);
        while (!stack.isEmpty()) {
            ParseTree node = stack.pop();
            if (!(node instanceof ParserRuleContext)) {
                continue;
            }
            switch (ROLES.get(node.getClass())) {
                case TABLE_NAME:
                    facts.addTable(node);
                    continue;
                case QUALIFIED_NAME:
                    ParseTree parent = node.getParent();
                    if (parent != null && TABLE_PARENTS.get(parent.getClass())) {
                        facts.addTable(node);
                        continue;
                    }
                    break;
                case LOCK:
                    facts.lock = true;
                    break;
                case INTO:
                    facts.into = true;
                    break;
                case DML:
                    if (node != top) {
                        facts.nestedDml = true;
                    }
                    break;
                default:
                    break;
            }
            for (int i = node.getChildCount() - 1; i >= 0; i--) {
                stack.push(node.getChild(i));
            }
        }
        return facts;
    }

    private void addTable(ParseTree node) {
        List<String> parts = new ArrayList<>(3);
        collectParts(node, parts);
        if (parts.isEmpty()) {
            return;
        }
        String name = parts.get(parts.size() - 1);
        String schema = parts.size() >= 2 ? parts.get(parts.size() - 2) : null;
        tables.add(new TableRef(schema, name));
    }

    private static void collectParts(ParseTree node, List<String> parts) {
        if (node instanceof TerminalNode) {
            String text = node.getText();
            if (!".".equals(text)) {
                parts.add(unquote(text));
            }
            return;
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            collectParts(node.getChild(i), parts);
        }
    }

    /** Strips {@code `x`}, {@code "x"} or {@code [x]} quoting and lower-cases. */
    static String unquote(String identifier) {
        String s = identifier;
        if (s.length() >= 2) {
            char first = s.charAt(0);
            char last = s.charAt(s.length() - 1);
            if ((first == '`' || first == '"') && last == first) {
                String q = String.valueOf(first);
                s = s.substring(1, s.length() - 1).replace(q + q, q);
            } else if (first == '[' && last == ']') {
                s = s.substring(1, s.length() - 1);
            }
        }
        return s.toLowerCase(Locale.ROOT);
    }
}

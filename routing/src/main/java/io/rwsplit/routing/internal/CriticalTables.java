package io.rwsplit.routing.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The criticalTables option: entries {@code table} or {@code schema.table}, matched case-insensitively, quotes and
 * backticks ignored. An unqualified entry matches the table in any schema; a qualified entry matches that schema
 * or an unqualified reference (the schema of an unqualified reference depends on the session, so it may be it).
 */
public final class CriticalTables {

    private final String[] schemas;
    private final String[] names;

    public CriticalTables(Collection<String> entries) {
        List<String> s = new ArrayList<>();
        List<String> n = new ArrayList<>();
        for (String entry : entries) {
            if (entry == null || entry.isBlank()) {
                throw new IllegalArgumentException("criticalTables: blank entry in " + entries);
            }
            String[] parts = entry.strip().split("\\.", -1);
            if (parts.length > 2) {
                throw new IllegalArgumentException("criticalTables: '" + entry
                        + "' has more than one dot; expected table or schema.table");
            }
            String name = TreeFacts.unquote(parts[parts.length - 1].strip());
            String schema = parts.length == 2 ? TreeFacts.unquote(parts[0].strip()) : null;
            if (name.isEmpty() || (schema != null && schema.isEmpty())) {
                throw new IllegalArgumentException("criticalTables: '" + entry
                        + "' is not a table name; expected table or schema.table");
            }
            s.add(schema);
            n.add(name);
        }
        this.schemas = s.toArray(new String[0]);
        this.names = n.toArray(new String[0]);
    }

    public boolean isEmpty() {
        return names.length == 0;
    }

    /** @param schema lower-case, or null; @param name lower-case */
    public boolean matches(String schema, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name) && (schemas[i] == null || schema == null || schemas[i].equals(schema))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < names.length; i++) {
            b.append(i == 0 ? "" : ", ").append(schemas[i] == null ? "" : schemas[i] + '.').append(names[i]);
        }
        return b.append(']').toString().toLowerCase(Locale.ROOT);
    }
}

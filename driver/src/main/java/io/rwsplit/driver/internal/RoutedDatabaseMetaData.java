package io.rwsplit.driver.internal;

import io.rwsplit.driver.internal.LogicalConnection.Aux;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * Database metadata that opens no primary connection needlessly: each call uses the connection's held physical
 * connection if it has one (a transaction), else borrows one from a replica for the duration of the call (or of
 * the returned result set).
 */
public final class RoutedDatabaseMetaData implements DatabaseMetaData {
    private final LogicalConnection conn;

    RoutedDatabaseMetaData(LogicalConnection conn) {
        this.conn = conn;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return conn;
    }

    @Override
    public String getURL() throws SQLException {
        return conn.cluster.config().displayUrl();
    }

    @Override
    public String getUserName() throws SQLException {
        return conn.cluster.config().user();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("rwsplit metadata does not wrap " + iface.getName(), "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this);
    }

    // ------------------------------------------------------------------ delegation

    @Override
    public boolean allProceduresAreCallable() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().allProceduresAreCallable();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean allTablesAreSelectable() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().allTablesAreSelectable();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().isReadOnly();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean nullsAreSortedHigh() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().nullsAreSortedHigh();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean nullsAreSortedLow() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().nullsAreSortedLow();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean nullsAreSortedAtStart() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().nullsAreSortedAtStart();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean nullsAreSortedAtEnd() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().nullsAreSortedAtEnd();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public String getDatabaseProductName() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getDatabaseProductName();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public String getDatabaseProductVersion() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getDatabaseProductVersion();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public String getDriverName() {
        return "rwsplit";
    }

    @Override
    public String getDriverVersion() {
        return DriverVersion.VERSION;
    }

    @Override
    public int getDriverMajorVersion() {
        return DriverVersion.MAJOR;
    }

    @Override
    public int getDriverMinorVersion() {
        return DriverVersion.MINOR;
    }

    @Override
    public boolean usesLocalFiles() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().usesLocalFiles();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean usesLocalFilePerTable() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().usesLocalFilePerTable();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsMixedCaseIdentifiers() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsMixedCaseIdentifiers();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean storesUpperCaseIdentifiers() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().storesUpperCaseIdentifiers();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean storesLowerCaseIdentifiers() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().storesLowerCaseIdentifiers();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean storesMixedCaseIdentifiers() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().storesMixedCaseIdentifiers();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsMixedCaseQuotedIdentifiers() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsMixedCaseQuotedIdentifiers();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean storesUpperCaseQuotedIdentifiers() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().storesUpperCaseQuotedIdentifiers();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean storesLowerCaseQuotedIdentifiers() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().storesLowerCaseQuotedIdentifiers();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean storesMixedCaseQuotedIdentifiers() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().storesMixedCaseQuotedIdentifiers();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public String getIdentifierQuoteString() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getIdentifierQuoteString();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public String getSQLKeywords() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getSQLKeywords();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public String getNumericFunctions() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getNumericFunctions();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public String getStringFunctions() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getStringFunctions();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public String getSystemFunctions() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getSystemFunctions();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public String getTimeDateFunctions() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getTimeDateFunctions();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public String getSearchStringEscape() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getSearchStringEscape();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public String getExtraNameCharacters() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getExtraNameCharacters();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsAlterTableWithAddColumn() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsAlterTableWithAddColumn();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsAlterTableWithDropColumn() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsAlterTableWithDropColumn();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsColumnAliasing() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsColumnAliasing();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean nullPlusNonNullIsNull() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().nullPlusNonNullIsNull();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsConvert() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsConvert();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsConvert(int a0, int a1) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsConvert(a0, a1);
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsTableCorrelationNames() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsTableCorrelationNames();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsDifferentTableCorrelationNames() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsDifferentTableCorrelationNames();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsExpressionsInOrderBy() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsExpressionsInOrderBy();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsOrderByUnrelated() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsOrderByUnrelated();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsGroupBy() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsGroupBy();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsGroupByUnrelated() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsGroupByUnrelated();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsGroupByBeyondSelect() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsGroupByBeyondSelect();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsLikeEscapeClause() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsLikeEscapeClause();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsMultipleResultSets() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsMultipleResultSets();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsMultipleTransactions() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsMultipleTransactions();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsNonNullableColumns() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsNonNullableColumns();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsMinimumSQLGrammar() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsMinimumSQLGrammar();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsCoreSQLGrammar() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsCoreSQLGrammar();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsExtendedSQLGrammar() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsExtendedSQLGrammar();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsANSI92EntryLevelSQL() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsANSI92EntryLevelSQL();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsANSI92IntermediateSQL() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsANSI92IntermediateSQL();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsANSI92FullSQL() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsANSI92FullSQL();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsIntegrityEnhancementFacility() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsIntegrityEnhancementFacility();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsOuterJoins() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsOuterJoins();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsFullOuterJoins() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsFullOuterJoins();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsLimitedOuterJoins() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsLimitedOuterJoins();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public String getSchemaTerm() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getSchemaTerm();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public String getProcedureTerm() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getProcedureTerm();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public String getCatalogTerm() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getCatalogTerm();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean isCatalogAtStart() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().isCatalogAtStart();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public String getCatalogSeparator() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getCatalogSeparator();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsSchemasInDataManipulation() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsSchemasInDataManipulation();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsSchemasInProcedureCalls() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsSchemasInProcedureCalls();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsSchemasInTableDefinitions() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsSchemasInTableDefinitions();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsSchemasInIndexDefinitions() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsSchemasInIndexDefinitions();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsSchemasInPrivilegeDefinitions() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsSchemasInPrivilegeDefinitions();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsCatalogsInDataManipulation() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsCatalogsInDataManipulation();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsCatalogsInProcedureCalls() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsCatalogsInProcedureCalls();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsCatalogsInTableDefinitions() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsCatalogsInTableDefinitions();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsCatalogsInIndexDefinitions() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsCatalogsInIndexDefinitions();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsCatalogsInPrivilegeDefinitions() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsCatalogsInPrivilegeDefinitions();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsPositionedDelete() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsPositionedDelete();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsPositionedUpdate() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsPositionedUpdate();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsSelectForUpdate() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsSelectForUpdate();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsStoredProcedures() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsStoredProcedures();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsSubqueriesInComparisons() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsSubqueriesInComparisons();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsSubqueriesInExists() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsSubqueriesInExists();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsSubqueriesInIns() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsSubqueriesInIns();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsSubqueriesInQuantifieds() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsSubqueriesInQuantifieds();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsCorrelatedSubqueries() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsCorrelatedSubqueries();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsUnion() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsUnion();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsUnionAll() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsUnionAll();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsOpenCursorsAcrossCommit() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsOpenCursorsAcrossCommit();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsOpenCursorsAcrossRollback() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsOpenCursorsAcrossRollback();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsOpenStatementsAcrossCommit() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsOpenStatementsAcrossCommit();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsOpenStatementsAcrossRollback() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsOpenStatementsAcrossRollback();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getMaxBinaryLiteralLength() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getMaxBinaryLiteralLength();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getMaxCharLiteralLength() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getMaxCharLiteralLength();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getMaxColumnNameLength() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getMaxColumnNameLength();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getMaxColumnsInGroupBy() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getMaxColumnsInGroupBy();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getMaxColumnsInIndex() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getMaxColumnsInIndex();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getMaxColumnsInOrderBy() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getMaxColumnsInOrderBy();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getMaxColumnsInSelect() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getMaxColumnsInSelect();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getMaxColumnsInTable() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getMaxColumnsInTable();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getMaxConnections() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getMaxConnections();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getMaxCursorNameLength() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getMaxCursorNameLength();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getMaxIndexLength() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getMaxIndexLength();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getMaxSchemaNameLength() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getMaxSchemaNameLength();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getMaxProcedureNameLength() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getMaxProcedureNameLength();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getMaxCatalogNameLength() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getMaxCatalogNameLength();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getMaxRowSize() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getMaxRowSize();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean doesMaxRowSizeIncludeBlobs() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().doesMaxRowSizeIncludeBlobs();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getMaxStatementLength() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getMaxStatementLength();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getMaxStatements() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getMaxStatements();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getMaxTableNameLength() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getMaxTableNameLength();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getMaxTablesInSelect() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getMaxTablesInSelect();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getMaxUserNameLength() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getMaxUserNameLength();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getDefaultTransactionIsolation() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getDefaultTransactionIsolation();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsTransactions() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsTransactions();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsTransactionIsolationLevel(int a0) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsTransactionIsolationLevel(a0);
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsDataDefinitionAndDataManipulationTransactions() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsDataDefinitionAndDataManipulationTransactions();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsDataManipulationTransactionsOnly() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsDataManipulationTransactionsOnly();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean dataDefinitionCausesTransactionCommit() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().dataDefinitionCausesTransactionCommit();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean dataDefinitionIgnoredInTransactions() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().dataDefinitionIgnoredInTransactions();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public ResultSet getProcedures(String a0, String a1, String a2) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return new RoutedResultSet(conn, aux, aux.connection().getMetaData().getProcedures(a0, a1, a2));
        } catch (SQLException | RuntimeException e) {
            conn.releaseAuxiliary(aux);
            throw e;
        }
    }

    @Override
    public ResultSet getProcedureColumns(String a0, String a1, String a2, String a3) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return new RoutedResultSet(conn, aux, aux.connection().getMetaData().getProcedureColumns(a0, a1, a2, a3));
        } catch (SQLException | RuntimeException e) {
            conn.releaseAuxiliary(aux);
            throw e;
        }
    }

    @Override
    public ResultSet getTables(String a0, String a1, String a2, String[] a3) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return new RoutedResultSet(conn, aux, aux.connection().getMetaData().getTables(a0, a1, a2, a3));
        } catch (SQLException | RuntimeException e) {
            conn.releaseAuxiliary(aux);
            throw e;
        }
    }

    @Override
    public ResultSet getSchemas() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return new RoutedResultSet(conn, aux, aux.connection().getMetaData().getSchemas());
        } catch (SQLException | RuntimeException e) {
            conn.releaseAuxiliary(aux);
            throw e;
        }
    }

    @Override
    public ResultSet getCatalogs() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return new RoutedResultSet(conn, aux, aux.connection().getMetaData().getCatalogs());
        } catch (SQLException | RuntimeException e) {
            conn.releaseAuxiliary(aux);
            throw e;
        }
    }

    @Override
    public ResultSet getTableTypes() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return new RoutedResultSet(conn, aux, aux.connection().getMetaData().getTableTypes());
        } catch (SQLException | RuntimeException e) {
            conn.releaseAuxiliary(aux);
            throw e;
        }
    }

    @Override
    public ResultSet getColumns(String a0, String a1, String a2, String a3) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return new RoutedResultSet(conn, aux, aux.connection().getMetaData().getColumns(a0, a1, a2, a3));
        } catch (SQLException | RuntimeException e) {
            conn.releaseAuxiliary(aux);
            throw e;
        }
    }

    @Override
    public ResultSet getColumnPrivileges(String a0, String a1, String a2, String a3) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return new RoutedResultSet(conn, aux, aux.connection().getMetaData().getColumnPrivileges(a0, a1, a2, a3));
        } catch (SQLException | RuntimeException e) {
            conn.releaseAuxiliary(aux);
            throw e;
        }
    }

    @Override
    public ResultSet getTablePrivileges(String a0, String a1, String a2) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return new RoutedResultSet(conn, aux, aux.connection().getMetaData().getTablePrivileges(a0, a1, a2));
        } catch (SQLException | RuntimeException e) {
            conn.releaseAuxiliary(aux);
            throw e;
        }
    }

    @Override
    public ResultSet getBestRowIdentifier(String a0, String a1, String a2, int a3, boolean a4) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return new RoutedResultSet(conn, aux, aux.connection().getMetaData().getBestRowIdentifier(a0, a1, a2, a3, a4));
        } catch (SQLException | RuntimeException e) {
            conn.releaseAuxiliary(aux);
            throw e;
        }
    }

    @Override
    public ResultSet getVersionColumns(String a0, String a1, String a2) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return new RoutedResultSet(conn, aux, aux.connection().getMetaData().getVersionColumns(a0, a1, a2));
        } catch (SQLException | RuntimeException e) {
            conn.releaseAuxiliary(aux);
            throw e;
        }
    }

    @Override
    public ResultSet getPrimaryKeys(String a0, String a1, String a2) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return new RoutedResultSet(conn, aux, aux.connection().getMetaData().getPrimaryKeys(a0, a1, a2));
        } catch (SQLException | RuntimeException e) {
            conn.releaseAuxiliary(aux);
            throw e;
        }
    }

    @Override
    public ResultSet getImportedKeys(String a0, String a1, String a2) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return new RoutedResultSet(conn, aux, aux.connection().getMetaData().getImportedKeys(a0, a1, a2));
        } catch (SQLException | RuntimeException e) {
            conn.releaseAuxiliary(aux);
            throw e;
        }
    }

    @Override
    public ResultSet getExportedKeys(String a0, String a1, String a2) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return new RoutedResultSet(conn, aux, aux.connection().getMetaData().getExportedKeys(a0, a1, a2));
        } catch (SQLException | RuntimeException e) {
            conn.releaseAuxiliary(aux);
            throw e;
        }
    }

    @Override
    public ResultSet getCrossReference(String a0, String a1, String a2, String a3, String a4, String a5) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return new RoutedResultSet(conn, aux, aux.connection().getMetaData().getCrossReference(a0, a1, a2, a3, a4, a5));
        } catch (SQLException | RuntimeException e) {
            conn.releaseAuxiliary(aux);
            throw e;
        }
    }

    @Override
    public ResultSet getTypeInfo() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return new RoutedResultSet(conn, aux, aux.connection().getMetaData().getTypeInfo());
        } catch (SQLException | RuntimeException e) {
            conn.releaseAuxiliary(aux);
            throw e;
        }
    }

    @Override
    public ResultSet getIndexInfo(String a0, String a1, String a2, boolean a3, boolean a4) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return new RoutedResultSet(conn, aux, aux.connection().getMetaData().getIndexInfo(a0, a1, a2, a3, a4));
        } catch (SQLException | RuntimeException e) {
            conn.releaseAuxiliary(aux);
            throw e;
        }
    }

    @Override
    public boolean supportsResultSetType(int a0) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsResultSetType(a0);
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsResultSetConcurrency(int a0, int a1) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsResultSetConcurrency(a0, a1);
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean ownUpdatesAreVisible(int a0) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().ownUpdatesAreVisible(a0);
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean ownDeletesAreVisible(int a0) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().ownDeletesAreVisible(a0);
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean ownInsertsAreVisible(int a0) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().ownInsertsAreVisible(a0);
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean othersUpdatesAreVisible(int a0) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().othersUpdatesAreVisible(a0);
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean othersDeletesAreVisible(int a0) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().othersDeletesAreVisible(a0);
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean othersInsertsAreVisible(int a0) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().othersInsertsAreVisible(a0);
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean updatesAreDetected(int a0) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().updatesAreDetected(a0);
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean deletesAreDetected(int a0) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().deletesAreDetected(a0);
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean insertsAreDetected(int a0) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().insertsAreDetected(a0);
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsBatchUpdates() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsBatchUpdates();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public ResultSet getUDTs(String a0, String a1, String a2, int[] a3) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return new RoutedResultSet(conn, aux, aux.connection().getMetaData().getUDTs(a0, a1, a2, a3));
        } catch (SQLException | RuntimeException e) {
            conn.releaseAuxiliary(aux);
            throw e;
        }
    }

    @Override
    public boolean supportsSavepoints() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsSavepoints();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsNamedParameters() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsNamedParameters();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsMultipleOpenResults() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsMultipleOpenResults();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsGetGeneratedKeys() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsGetGeneratedKeys();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public ResultSet getSuperTypes(String a0, String a1, String a2) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return new RoutedResultSet(conn, aux, aux.connection().getMetaData().getSuperTypes(a0, a1, a2));
        } catch (SQLException | RuntimeException e) {
            conn.releaseAuxiliary(aux);
            throw e;
        }
    }

    @Override
    public ResultSet getSuperTables(String a0, String a1, String a2) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return new RoutedResultSet(conn, aux, aux.connection().getMetaData().getSuperTables(a0, a1, a2));
        } catch (SQLException | RuntimeException e) {
            conn.releaseAuxiliary(aux);
            throw e;
        }
    }

    @Override
    public ResultSet getAttributes(String a0, String a1, String a2, String a3) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return new RoutedResultSet(conn, aux, aux.connection().getMetaData().getAttributes(a0, a1, a2, a3));
        } catch (SQLException | RuntimeException e) {
            conn.releaseAuxiliary(aux);
            throw e;
        }
    }

    @Override
    public boolean supportsResultSetHoldability(int a0) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsResultSetHoldability(a0);
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getResultSetHoldability();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getDatabaseMajorVersion() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getDatabaseMajorVersion();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getDatabaseMinorVersion() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getDatabaseMinorVersion();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getJDBCMajorVersion() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getJDBCMajorVersion();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getJDBCMinorVersion() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getJDBCMinorVersion();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public int getSQLStateType() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getSQLStateType();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean locatorsUpdateCopy() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().locatorsUpdateCopy();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsStatementPooling() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsStatementPooling();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public RowIdLifetime getRowIdLifetime() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getRowIdLifetime();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public ResultSet getSchemas(String a0, String a1) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return new RoutedResultSet(conn, aux, aux.connection().getMetaData().getSchemas(a0, a1));
        } catch (SQLException | RuntimeException e) {
            conn.releaseAuxiliary(aux);
            throw e;
        }
    }

    @Override
    public boolean supportsStoredFunctionsUsingCallSyntax() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsStoredFunctionsUsingCallSyntax();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean autoCommitFailureClosesAllResultSets() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().autoCommitFailureClosesAllResultSets();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public ResultSet getClientInfoProperties() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return new RoutedResultSet(conn, aux, aux.connection().getMetaData().getClientInfoProperties());
        } catch (SQLException | RuntimeException e) {
            conn.releaseAuxiliary(aux);
            throw e;
        }
    }

    @Override
    public ResultSet getFunctions(String a0, String a1, String a2) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return new RoutedResultSet(conn, aux, aux.connection().getMetaData().getFunctions(a0, a1, a2));
        } catch (SQLException | RuntimeException e) {
            conn.releaseAuxiliary(aux);
            throw e;
        }
    }

    @Override
    public ResultSet getFunctionColumns(String a0, String a1, String a2, String a3) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return new RoutedResultSet(conn, aux, aux.connection().getMetaData().getFunctionColumns(a0, a1, a2, a3));
        } catch (SQLException | RuntimeException e) {
            conn.releaseAuxiliary(aux);
            throw e;
        }
    }

    @Override
    public ResultSet getPseudoColumns(String a0, String a1, String a2, String a3) throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return new RoutedResultSet(conn, aux, aux.connection().getMetaData().getPseudoColumns(a0, a1, a2, a3));
        } catch (SQLException | RuntimeException e) {
            conn.releaseAuxiliary(aux);
            throw e;
        }
    }

    @Override
    public boolean generatedKeyAlwaysReturned() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().generatedKeyAlwaysReturned();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public long getMaxLogicalLobSize() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().getMaxLogicalLobSize();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsRefCursors() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsRefCursors();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }

    @Override
    public boolean supportsSharding() throws SQLException {
        Aux aux = conn.auxiliary(true);
        try {
            return aux.connection().getMetaData().supportsSharding();
        } finally {
            conn.releaseAuxiliary(aux);
        }
    }
}

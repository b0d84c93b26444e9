package io.rwsplit.driver.internal.jdbc;

import io.rwsplit.driver.internal.DriverVersion;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.DatabaseMetaData;
import java.sql.RowIdLifetime;
import java.sql.SQLException;

/**
 * Database metadata that opens no primary connection needlessly: each call uses the connection's held physical
 * connection if it has one (a transaction), else borrows one from a replica for the duration of the call (or of
 * the returned result set).
 */
public final class RoutedDatabaseMetaData implements DatabaseMetaData {
    private final Connection connection;
    private final Lender conn;
    private final String url;
    private final String user;

    /**
     * @param connection the logical connection ({@link #getConnection()})
     * @param lender     its lent connections
     * @param url        the URL to show, password masked
     */
    public RoutedDatabaseMetaData(Connection connection, Lender lender, String url, String user) {
        this.connection = connection;
        this.conn = lender;
        this.url = url;
        this.user = user;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connection;
    }

    @Override
    public String getURL() throws SQLException {
        return url;
    }

    @Override
    public String getUserName() throws SQLException {
        return user;
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

    /** A metadata result set, on a connection lent until the application closes it. */
    private ResultSet rows(SqlFunction<DatabaseMetaData, ResultSet> call) throws SQLException {
        return conn.lentRows(call);
    }

    // ------------------------------------------------------------------ delegation (each call on a lent connection)

    @Override
    public boolean allProceduresAreCallable() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().allProceduresAreCallable());
    }

    @Override
    public boolean allTablesAreSelectable() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().allTablesAreSelectable());
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().isReadOnly());
    }

    @Override
    public boolean nullsAreSortedHigh() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().nullsAreSortedHigh());
    }

    @Override
    public boolean nullsAreSortedLow() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().nullsAreSortedLow());
    }

    @Override
    public boolean nullsAreSortedAtStart() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().nullsAreSortedAtStart());
    }

    @Override
    public boolean nullsAreSortedAtEnd() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().nullsAreSortedAtEnd());
    }

    @Override
    public String getDatabaseProductName() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getDatabaseProductName());
    }

    @Override
    public String getDatabaseProductVersion() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getDatabaseProductVersion());
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
        return conn.onLent(true, c -> c.getMetaData().usesLocalFiles());
    }

    @Override
    public boolean usesLocalFilePerTable() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().usesLocalFilePerTable());
    }

    @Override
    public boolean supportsMixedCaseIdentifiers() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsMixedCaseIdentifiers());
    }

    @Override
    public boolean storesUpperCaseIdentifiers() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().storesUpperCaseIdentifiers());
    }

    @Override
    public boolean storesLowerCaseIdentifiers() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().storesLowerCaseIdentifiers());
    }

    @Override
    public boolean storesMixedCaseIdentifiers() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().storesMixedCaseIdentifiers());
    }

    @Override
    public boolean supportsMixedCaseQuotedIdentifiers() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsMixedCaseQuotedIdentifiers());
    }

    @Override
    public boolean storesUpperCaseQuotedIdentifiers() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().storesUpperCaseQuotedIdentifiers());
    }

    @Override
    public boolean storesLowerCaseQuotedIdentifiers() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().storesLowerCaseQuotedIdentifiers());
    }

    @Override
    public boolean storesMixedCaseQuotedIdentifiers() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().storesMixedCaseQuotedIdentifiers());
    }

    @Override
    public String getIdentifierQuoteString() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getIdentifierQuoteString());
    }

    @Override
    public String getSQLKeywords() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getSQLKeywords());
    }

    @Override
    public String getNumericFunctions() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getNumericFunctions());
    }

    @Override
    public String getStringFunctions() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getStringFunctions());
    }

    @Override
    public String getSystemFunctions() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getSystemFunctions());
    }

    @Override
    public String getTimeDateFunctions() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getTimeDateFunctions());
    }

    @Override
    public String getSearchStringEscape() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getSearchStringEscape());
    }

    @Override
    public String getExtraNameCharacters() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getExtraNameCharacters());
    }

    @Override
    public boolean supportsAlterTableWithAddColumn() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsAlterTableWithAddColumn());
    }

    @Override
    public boolean supportsAlterTableWithDropColumn() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsAlterTableWithDropColumn());
    }

    @Override
    public boolean supportsColumnAliasing() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsColumnAliasing());
    }

    @Override
    public boolean nullPlusNonNullIsNull() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().nullPlusNonNullIsNull());
    }

    @Override
    public boolean supportsConvert() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsConvert());
    }

    @Override
    public boolean supportsConvert(int fromType, int toType) throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsConvert(fromType, toType));
    }

    @Override
    public boolean supportsTableCorrelationNames() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsTableCorrelationNames());
    }

    @Override
    public boolean supportsDifferentTableCorrelationNames() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsDifferentTableCorrelationNames());
    }

    @Override
    public boolean supportsExpressionsInOrderBy() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsExpressionsInOrderBy());
    }

    @Override
    public boolean supportsOrderByUnrelated() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsOrderByUnrelated());
    }

    @Override
    public boolean supportsGroupBy() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsGroupBy());
    }

    @Override
    public boolean supportsGroupByUnrelated() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsGroupByUnrelated());
    }

    @Override
    public boolean supportsGroupByBeyondSelect() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsGroupByBeyondSelect());
    }

    @Override
    public boolean supportsLikeEscapeClause() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsLikeEscapeClause());
    }

    @Override
    public boolean supportsMultipleResultSets() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsMultipleResultSets());
    }

    @Override
    public boolean supportsMultipleTransactions() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsMultipleTransactions());
    }

    @Override
    public boolean supportsNonNullableColumns() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsNonNullableColumns());
    }

    @Override
    public boolean supportsMinimumSQLGrammar() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsMinimumSQLGrammar());
    }

    @Override
    public boolean supportsCoreSQLGrammar() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsCoreSQLGrammar());
    }

    @Override
    public boolean supportsExtendedSQLGrammar() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsExtendedSQLGrammar());
    }

    @Override
    public boolean supportsANSI92EntryLevelSQL() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsANSI92EntryLevelSQL());
    }

    @Override
    public boolean supportsANSI92IntermediateSQL() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsANSI92IntermediateSQL());
    }

    @Override
    public boolean supportsANSI92FullSQL() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsANSI92FullSQL());
    }

    @Override
    public boolean supportsIntegrityEnhancementFacility() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsIntegrityEnhancementFacility());
    }

    @Override
    public boolean supportsOuterJoins() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsOuterJoins());
    }

    @Override
    public boolean supportsFullOuterJoins() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsFullOuterJoins());
    }

    @Override
    public boolean supportsLimitedOuterJoins() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsLimitedOuterJoins());
    }

    @Override
    public String getSchemaTerm() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getSchemaTerm());
    }

    @Override
    public String getProcedureTerm() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getProcedureTerm());
    }

    @Override
    public String getCatalogTerm() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getCatalogTerm());
    }

    @Override
    public boolean isCatalogAtStart() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().isCatalogAtStart());
    }

    @Override
    public String getCatalogSeparator() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getCatalogSeparator());
    }

    @Override
    public boolean supportsSchemasInDataManipulation() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsSchemasInDataManipulation());
    }

    @Override
    public boolean supportsSchemasInProcedureCalls() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsSchemasInProcedureCalls());
    }

    @Override
    public boolean supportsSchemasInTableDefinitions() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsSchemasInTableDefinitions());
    }

    @Override
    public boolean supportsSchemasInIndexDefinitions() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsSchemasInIndexDefinitions());
    }

    @Override
    public boolean supportsSchemasInPrivilegeDefinitions() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsSchemasInPrivilegeDefinitions());
    }

    @Override
    public boolean supportsCatalogsInDataManipulation() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsCatalogsInDataManipulation());
    }

    @Override
    public boolean supportsCatalogsInProcedureCalls() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsCatalogsInProcedureCalls());
    }

    @Override
    public boolean supportsCatalogsInTableDefinitions() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsCatalogsInTableDefinitions());
    }

    @Override
    public boolean supportsCatalogsInIndexDefinitions() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsCatalogsInIndexDefinitions());
    }

    @Override
    public boolean supportsCatalogsInPrivilegeDefinitions() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsCatalogsInPrivilegeDefinitions());
    }

    @Override
    public boolean supportsPositionedDelete() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsPositionedDelete());
    }

    @Override
    public boolean supportsPositionedUpdate() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsPositionedUpdate());
    }

    @Override
    public boolean supportsSelectForUpdate() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsSelectForUpdate());
    }

    @Override
    public boolean supportsStoredProcedures() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsStoredProcedures());
    }

    @Override
    public boolean supportsSubqueriesInComparisons() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsSubqueriesInComparisons());
    }

    @Override
    public boolean supportsSubqueriesInExists() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsSubqueriesInExists());
    }

    @Override
    public boolean supportsSubqueriesInIns() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsSubqueriesInIns());
    }

    @Override
    public boolean supportsSubqueriesInQuantifieds() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsSubqueriesInQuantifieds());
    }

    @Override
    public boolean supportsCorrelatedSubqueries() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsCorrelatedSubqueries());
    }

    @Override
    public boolean supportsUnion() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsUnion());
    }

    @Override
    public boolean supportsUnionAll() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsUnionAll());
    }

    @Override
    public boolean supportsOpenCursorsAcrossCommit() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsOpenCursorsAcrossCommit());
    }

    @Override
    public boolean supportsOpenCursorsAcrossRollback() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsOpenCursorsAcrossRollback());
    }

    @Override
    public boolean supportsOpenStatementsAcrossCommit() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsOpenStatementsAcrossCommit());
    }

    @Override
    public boolean supportsOpenStatementsAcrossRollback() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsOpenStatementsAcrossRollback());
    }

    @Override
    public int getMaxBinaryLiteralLength() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getMaxBinaryLiteralLength());
    }

    @Override
    public int getMaxCharLiteralLength() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getMaxCharLiteralLength());
    }

    @Override
    public int getMaxColumnNameLength() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getMaxColumnNameLength());
    }

    @Override
    public int getMaxColumnsInGroupBy() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getMaxColumnsInGroupBy());
    }

    @Override
    public int getMaxColumnsInIndex() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getMaxColumnsInIndex());
    }

    @Override
    public int getMaxColumnsInOrderBy() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getMaxColumnsInOrderBy());
    }

    @Override
    public int getMaxColumnsInSelect() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getMaxColumnsInSelect());
    }

    @Override
    public int getMaxColumnsInTable() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getMaxColumnsInTable());
    }

    @Override
    public int getMaxConnections() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getMaxConnections());
    }

    @Override
    public int getMaxCursorNameLength() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getMaxCursorNameLength());
    }

    @Override
    public int getMaxIndexLength() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getMaxIndexLength());
    }

    @Override
    public int getMaxSchemaNameLength() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getMaxSchemaNameLength());
    }

    @Override
    public int getMaxProcedureNameLength() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getMaxProcedureNameLength());
    }

    @Override
    public int getMaxCatalogNameLength() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getMaxCatalogNameLength());
    }

    @Override
    public int getMaxRowSize() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getMaxRowSize());
    }

    @Override
    public boolean doesMaxRowSizeIncludeBlobs() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().doesMaxRowSizeIncludeBlobs());
    }

    @Override
    public int getMaxStatementLength() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getMaxStatementLength());
    }

    @Override
    public int getMaxStatements() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getMaxStatements());
    }

    @Override
    public int getMaxTableNameLength() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getMaxTableNameLength());
    }

    @Override
    public int getMaxTablesInSelect() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getMaxTablesInSelect());
    }

    @Override
    public int getMaxUserNameLength() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getMaxUserNameLength());
    }

    @Override
    public int getDefaultTransactionIsolation() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getDefaultTransactionIsolation());
    }

    @Override
    public boolean supportsTransactions() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsTransactions());
    }

    @Override
    public boolean supportsTransactionIsolationLevel(int level) throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsTransactionIsolationLevel(level));
    }

    @Override
    public boolean supportsDataDefinitionAndDataManipulationTransactions() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsDataDefinitionAndDataManipulationTransactions());
    }

    @Override
    public boolean supportsDataManipulationTransactionsOnly() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsDataManipulationTransactionsOnly());
    }

    @Override
    public boolean dataDefinitionCausesTransactionCommit() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().dataDefinitionCausesTransactionCommit());
    }

    @Override
    public boolean dataDefinitionIgnoredInTransactions() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().dataDefinitionIgnoredInTransactions());
    }

    @Override
    public ResultSet getProcedures(String catalog, String schemaPattern, String procedureNamePattern) throws SQLException {
        return rows(md -> md.getProcedures(catalog, schemaPattern, procedureNamePattern));
    }

    @Override
    public ResultSet getProcedureColumns(String catalog, String schemaPattern, String procedureNamePattern, String columnNamePattern) throws SQLException {
        return rows(md -> md.getProcedureColumns(catalog, schemaPattern, procedureNamePattern, columnNamePattern));
    }

    @Override
    public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types) throws SQLException {
        return rows(md -> md.getTables(catalog, schemaPattern, tableNamePattern, types));
    }

    @Override
    public ResultSet getSchemas() throws SQLException {
        return rows(md -> md.getSchemas());
    }

    @Override
    public ResultSet getCatalogs() throws SQLException {
        return rows(md -> md.getCatalogs());
    }

    @Override
    public ResultSet getTableTypes() throws SQLException {
        return rows(md -> md.getTableTypes());
    }

    @Override
    public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern) throws SQLException {
        return rows(md -> md.getColumns(catalog, schemaPattern, tableNamePattern, columnNamePattern));
    }

    @Override
    public ResultSet getColumnPrivileges(String catalog, String schema, String table, String columnNamePattern) throws SQLException {
        return rows(md -> md.getColumnPrivileges(catalog, schema, table, columnNamePattern));
    }

    @Override
    public ResultSet getTablePrivileges(String catalog, String schemaPattern, String tableNamePattern) throws SQLException {
        return rows(md -> md.getTablePrivileges(catalog, schemaPattern, tableNamePattern));
    }

    @Override
    public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope, boolean nullable) throws SQLException {
        return rows(md -> md.getBestRowIdentifier(catalog, schema, table, scope, nullable));
    }

    @Override
    public ResultSet getVersionColumns(String catalog, String schema, String table) throws SQLException {
        return rows(md -> md.getVersionColumns(catalog, schema, table));
    }

    @Override
    public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
        return rows(md -> md.getPrimaryKeys(catalog, schema, table));
    }

    @Override
    public ResultSet getImportedKeys(String catalog, String schema, String table) throws SQLException {
        return rows(md -> md.getImportedKeys(catalog, schema, table));
    }

    @Override
    public ResultSet getExportedKeys(String catalog, String schema, String table) throws SQLException {
        return rows(md -> md.getExportedKeys(catalog, schema, table));
    }

    @Override
    public ResultSet getCrossReference(String parentCatalog, String parentSchema, String parentTable, String foreignCatalog, String foreignSchema, String foreignTable) throws SQLException {
        return rows(md -> md.getCrossReference(parentCatalog, parentSchema, parentTable, foreignCatalog, foreignSchema, foreignTable));
    }

    @Override
    public ResultSet getTypeInfo() throws SQLException {
        return rows(md -> md.getTypeInfo());
    }

    @Override
    public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate) throws SQLException {
        return rows(md -> md.getIndexInfo(catalog, schema, table, unique, approximate));
    }

    @Override
    public boolean supportsResultSetType(int type) throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsResultSetType(type));
    }

    @Override
    public boolean supportsResultSetConcurrency(int type, int concurrency) throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsResultSetConcurrency(type, concurrency));
    }

    @Override
    public boolean ownUpdatesAreVisible(int type) throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().ownUpdatesAreVisible(type));
    }

    @Override
    public boolean ownDeletesAreVisible(int type) throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().ownDeletesAreVisible(type));
    }

    @Override
    public boolean ownInsertsAreVisible(int type) throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().ownInsertsAreVisible(type));
    }

    @Override
    public boolean othersUpdatesAreVisible(int type) throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().othersUpdatesAreVisible(type));
    }

    @Override
    public boolean othersDeletesAreVisible(int type) throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().othersDeletesAreVisible(type));
    }

    @Override
    public boolean othersInsertsAreVisible(int type) throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().othersInsertsAreVisible(type));
    }

    @Override
    public boolean updatesAreDetected(int type) throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().updatesAreDetected(type));
    }

    @Override
    public boolean deletesAreDetected(int type) throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().deletesAreDetected(type));
    }

    @Override
    public boolean insertsAreDetected(int type) throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().insertsAreDetected(type));
    }

    @Override
    public boolean supportsBatchUpdates() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsBatchUpdates());
    }

    @Override
    public ResultSet getUDTs(String catalog, String schemaPattern, String typeNamePattern, int[] types) throws SQLException {
        return rows(md -> md.getUDTs(catalog, schemaPattern, typeNamePattern, types));
    }

    @Override
    public boolean supportsSavepoints() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsSavepoints());
    }

    @Override
    public boolean supportsNamedParameters() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsNamedParameters());
    }

    @Override
    public boolean supportsMultipleOpenResults() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsMultipleOpenResults());
    }

    @Override
    public boolean supportsGetGeneratedKeys() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsGetGeneratedKeys());
    }

    @Override
    public ResultSet getSuperTypes(String catalog, String schemaPattern, String typeNamePattern) throws SQLException {
        return rows(md -> md.getSuperTypes(catalog, schemaPattern, typeNamePattern));
    }

    @Override
    public ResultSet getSuperTables(String catalog, String schemaPattern, String tableNamePattern) throws SQLException {
        return rows(md -> md.getSuperTables(catalog, schemaPattern, tableNamePattern));
    }

    @Override
    public ResultSet getAttributes(String catalog, String schemaPattern, String typeNamePattern, String attributeNamePattern) throws SQLException {
        return rows(md -> md.getAttributes(catalog, schemaPattern, typeNamePattern, attributeNamePattern));
    }

    @Override
    public boolean supportsResultSetHoldability(int holdability) throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsResultSetHoldability(holdability));
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getResultSetHoldability());
    }

    @Override
    public int getDatabaseMajorVersion() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getDatabaseMajorVersion());
    }

    @Override
    public int getDatabaseMinorVersion() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getDatabaseMinorVersion());
    }

    @Override
    public int getJDBCMajorVersion() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getJDBCMajorVersion());
    }

    @Override
    public int getJDBCMinorVersion() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getJDBCMinorVersion());
    }

    @Override
    public int getSQLStateType() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getSQLStateType());
    }

    @Override
    public boolean locatorsUpdateCopy() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().locatorsUpdateCopy());
    }

    @Override
    public boolean supportsStatementPooling() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsStatementPooling());
    }

    @Override
    public RowIdLifetime getRowIdLifetime() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getRowIdLifetime());
    }

    @Override
    public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
        return rows(md -> md.getSchemas(catalog, schemaPattern));
    }

    @Override
    public boolean supportsStoredFunctionsUsingCallSyntax() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsStoredFunctionsUsingCallSyntax());
    }

    @Override
    public boolean autoCommitFailureClosesAllResultSets() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().autoCommitFailureClosesAllResultSets());
    }

    @Override
    public ResultSet getClientInfoProperties() throws SQLException {
        return rows(md -> md.getClientInfoProperties());
    }

    @Override
    public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern) throws SQLException {
        return rows(md -> md.getFunctions(catalog, schemaPattern, functionNamePattern));
    }

    @Override
    public ResultSet getFunctionColumns(String catalog, String schemaPattern, String functionNamePattern, String columnNamePattern) throws SQLException {
        return rows(md -> md.getFunctionColumns(catalog, schemaPattern, functionNamePattern, columnNamePattern));
    }

    @Override
    public ResultSet getPseudoColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern) throws SQLException {
        return rows(md -> md.getPseudoColumns(catalog, schemaPattern, tableNamePattern, columnNamePattern));
    }

    @Override
    public boolean generatedKeyAlwaysReturned() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().generatedKeyAlwaysReturned());
    }

    @Override
    public long getMaxLogicalLobSize() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().getMaxLogicalLobSize());
    }

    @Override
    public boolean supportsRefCursors() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsRefCursors());
    }

    @Override
    public boolean supportsSharding() throws SQLException {
        return conn.onLent(true, c -> c.getMetaData().supportsSharding());
    }
}

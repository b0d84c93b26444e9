package io.rwsplit.driver.internal;

import java.sql.SQLException;

/**
 * Whether a failed attempt to open a connection was the server refusing this configuration: it answered, and said
 * that the credentials, the database, the account or the transport are not acceptable. Retrying does not help until
 * someone changes the configuration or the server, so a borrower is told at once ({@link NodeRefusedException})
 * instead of after its acquire timeout. Pure: no I/O, no state.
 *
 * <p>Judged by SQLState and vendor code, only ever on the failure of a connect attempt:
 * <ul>
 * <li>class {@code 28}, invalid authorization: a wrong password ({@code 28P01} on PostgreSQL; MariaDB/MySQL
 *     {@code 28000} with 1045), an unknown user (PostgreSQL answers it as a wrong password; MariaDB 1045), a
 *     {@code pg_hba.conf} line that rejects the host, user or an unencrypted connection (PostgreSQL {@code 28000}), an
 *     account that requires TLS ({@code REQUIRE SSL}: MariaDB 1045);</li>
 * <li>class {@code 3D}, invalid catalog: an unknown database on PostgreSQL ({@code 3D000});</li>
 * <li>{@code 42000} with MariaDB/MySQL 1049 (unknown database) or 1044 (no access to the database: what a user without
 *     global privileges gets for an unknown one too), and {@code 42501} (PostgreSQL: no CONNECT privilege);</li>
 * <li>{@code 08004}, connection rejected: pgjdbc's own configuration refusals (the server does not support SSL or GSS
 *     encryption that the URL requires, channel binding required, an authentication type it does not support, no
 *     password given) and MySQL 1251 (authentication protocol); except MariaDB/MySQL 1040, too many connections,
 *     which passes;</li>
 * <li>MariaDB/MySQL vendor codes whatever the SQLState: 1129 (host blocked after connection errors), 1130 (host not
 *     allowed), 1862 (password expired), 3118 and 4151 (account locked), 3159 ({@code require_secure_transport}
 *     and no TLS: MySQL, and MariaDB since MDEV-30178; older MariaDB answers 1045, {@code 28000}).</li>
 * </ul>
 * Everything else is not a refusal: no answer at all (class {@code 08} otherwise, timeouts, I/O errors), a server
 * starting or shutting down ({@code 57P03}), and limits that pass ({@code 53300} too many clients, MariaDB 1040).
 */
final class ConnectRefusal {
    /** Shortest password masked in messages: a shorter one would garble the text it happens to occur in. */
    private static final int MASKED_LENGTH = 4;

    private ConnectRefusal() {
    }

    /** Whether {@code failure}, what an attempt to open a connection threw, is the server refusing the configuration. */
    static boolean isRefusal(Throwable failure) {
        return failure instanceof SQLException e && isRefusal(e.getSQLState(), e.getErrorCode());
    }

    /** {@link #isRefusal(Throwable)} by SQLState (may be null) and vendor code. */
    static boolean isRefusal(String sqlState, int vendorCode) {
        switch (vendorCode) {
            case 1129, 1130, 1862, 3118, 3159, 4151:
                return true;
            default:
                break;
        }
        if (sqlState == null) {
            return false;
        }
        if (sqlState.startsWith("28") || sqlState.startsWith("3D")) {
            return true;
        }
        return switch (sqlState) {
            case "42000" -> vendorCode == 1044 || vendorCode == 1049;
            case "42501" -> true;
            case "08004" -> vendorCode != 1040;
            default -> false;
        };
    }

    /**
     * What a borrower gets for the refusal {@code vendor} of node {@code nodeId}: the vendor's message first (any
     * occurrence of {@code password} masked), then what rwsplit knows; the vendor's SQLState and code; the vendor's
     * exception as the cause.
     */
    static NodeRefusedException exception(SQLException vendor, String nodeId, String password) {
        String said = vendor.getMessage() == null ? vendor.getClass().getName() : mask(vendor.getMessage(), password);
        return new NodeRefusedException(said + " (rwsplit: node " + nodeId
                + " refused the connection; no statement was sent)", vendor);
    }

    /** {@code text} with every occurrence of {@code password} (unless null or very short) replaced by {@code ****}. */
    static String mask(String text, String password) {
        if (text == null || password == null || password.length() < MASKED_LENGTH || !text.contains(password)) {
            return text;
        }
        return text.replace(password, "****");
    }
}

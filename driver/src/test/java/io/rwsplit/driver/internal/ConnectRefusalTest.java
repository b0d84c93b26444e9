package io.rwsplit.driver.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failed connect attempts are the server refusing the configuration, and what a borrower then gets. */
class ConnectRefusalTest {
    private static final String SECRET = "Kx7-distinctive-Pw!93";

    @ParameterizedTest(name = "{0} {1}: {3}")
    @CsvSource(nullValues = "null", value = {
            // SQLState, vendor code, refusal, what it is
            "28P01, 0,    true,  PostgreSQL wrong password or unknown user",
            "28000, 0,    true,  PostgreSQL pg_hba.conf rejects the host or an unencrypted connection",
            "28000, 1045, true,  MariaDB access denied: wrong password or unknown user or REQUIRE SSL",
            "28000, 1698, true,  MariaDB access denied without a password",
            "3D000, 0,    true,  PostgreSQL unknown database",
            "42000, 1049, true,  MariaDB unknown database",
            "42000, 1044, true,  MariaDB no access to the database",
            "42501, 0,    true,  PostgreSQL no CONNECT privilege on the database",
            "08004, 0,    true,  pgjdbc: the server does not support SSL that sslmode requires",
            "08004, 1251, true,  MySQL client does not support the authentication protocol",
            "08004, 3159, true,  MariaDB require_secure_transport",
            "HY000, 3159, true,  MySQL require_secure_transport",
            "HY000, 1130, true,  MariaDB host not allowed to connect",
            "HY000, 1129, true,  MariaDB host blocked after connection errors",
            "HY000, 1862, true,  password expired",
            "HY000, 4151, true,  MariaDB account locked",
            "HY000, 3118, true,  MySQL account locked",
            "null,  1045, false, no SQLState and no known code would be a guess; 1045 always comes with 28000",
            "08004, 1040, false, MariaDB too many connections: passes",
            "53300, 0,    false, PostgreSQL too many clients: passes",
            "57P03, 0,    false, PostgreSQL starting up or shutting down",
            "08001, 0,    false, refused by the network: the node did not answer",
            "08006, 0,    false, connection failure",
            "08S01, 0,    false, communication link failure",
            "08000, 0,    false, MariaDB Connector/J socket error (also its client-side TLS mismatch)",
            "42000, 1064, false, a syntax error is not about the connection",
            "42601, 0,    false, a syntax error is not about the connection",
            "HY000, 0,    false, general error",
            "null,  0,    false, no SQLState",
    })
    void refusalsAreTheServerRejectingCredentialsDatabaseAccountOrTransport(String state, int code, boolean refusal,
                                                                           String what) {
        assertEquals(refusal, ConnectRefusal.isRefusal(state, code), what);
        assertEquals(refusal, ConnectRefusal.isRefusal(new SQLException("x", state, code)), what);
    }

    @Test
    void onlySqlExceptionsCanBeRefusals() {
        assertFalse(ConnectRefusal.isRefusal(new RuntimeException("28000")));
        assertFalse(ConnectRefusal.isRefusal(new IOException("Access denied")));
        assertFalse(ConnectRefusal.isRefusal((Throwable) null));
    }

    @Test
    void theBorrowerGetsTheVendorsMessageFirstItsSqlStateCodeAndExceptionAndWhatRwsplitKnows() {
        SQLException vendor = new SQLInvalidAuthorizationSpecException(
                "(conn=17) Access denied for user 'app'@'127.0.0.1' (using password: YES)", "28000", 1045);
        NodeRefusedException e = ConnectRefusal.exception(vendor, "127.0.0.1:3306", SECRET);
        assertEquals("(conn=17) Access denied for user 'app'@'127.0.0.1' (using password: YES)"
                + " (rwsplit: node 127.0.0.1:3306 refused the connection; no statement was sent)", e.getMessage());
        assertEquals("28000", e.getSQLState());
        assertEquals(1045, e.getErrorCode());
        assertSame(vendor, e.getCause());
        assertTrue(e instanceof SQLNonTransientConnectionException, "retrying without a change fails again");
    }

    @Test
    void thePasswordIsMaskedShouldAVendorMessageEverContainIt() {
        SQLException vendor = new SQLException("login failed for app with password " + SECRET + "!", "28P01");
        NodeRefusedException e = ConnectRefusal.exception(vendor, "db1:5432", SECRET);
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertFalse(e.toString().contains(SECRET), e.toString());
        assertTrue(e.getMessage().startsWith("login failed for app with password ****!"), e.getMessage());
    }

    @Test
    void shortOrMissingPasswordsAndMessagesAreLeftAsTheyAre() {
        assertEquals("Access denied for user 'app'", ConnectRefusal.mask("Access denied for user 'app'", "app"));
        assertEquals("Access denied", ConnectRefusal.mask("Access denied", null));
        assertEquals(null, ConnectRefusal.mask(null, SECRET));
        SQLException silent = new SQLException(null, "28P01");
        assertTrue(ConnectRefusal.exception(silent, "db1:5432", SECRET).getMessage()
                .startsWith("java.sql.SQLException (rwsplit: node db1:5432 refused"));
    }
}

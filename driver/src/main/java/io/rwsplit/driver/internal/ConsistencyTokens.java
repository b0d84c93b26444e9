package io.rwsplit.driver.internal;

import io.rwsplit.consistency.ConsistencyToken;
import io.rwsplit.consistency.PositionKind;
import io.rwsplit.consistency.ReplicationPosition;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The consistency-token protocol of {@link io.rwsplit.driver.RwSplitConnection}: made on the primary, parsed here. */
final class ConsistencyTokens {
    private ConsistencyTokens() {
    }

    /** The cluster's kind of replication position; fails before any node has answered a probe. */
    static PositionKind kindOf(Cluster cluster) throws SQLException {
        PositionKind kind = cluster.positionKind();
        if (kind == null) {
            throw new SQLException("rwsplit cannot make a consistency token: no node has answered a probe yet",
                    Errors.UNABLE_TO_CONNECT);
        }
        return kind;
    }

    /** A token for the primary's current position, read on {@code primary}, a connection to it. */
    static String read(Connection primary, PositionKind kind) throws SQLException {
        try (Statement s = primary.createStatement(); ResultSet rs = s.executeQuery(kind.primaryPositionQuery())) {
            if (!rs.next()) {
                throw new SQLException("the primary returned no replication position", "HY000");
            }
            return ConsistencyToken.of(kind.parse(rs.getString(1))).format();
        }
    }

    /** The position of a token; {@code clusterKind}, null while unknown, must match the token's. */
    static ReplicationPosition parse(String token, PositionKind clusterKind) throws SQLException {
        ConsistencyToken parsed;
        try {
            parsed = ConsistencyToken.parse(token);
        } catch (IllegalArgumentException e) {
            throw new SQLException("rwsplit consistency token is malformed: " + e.getMessage(), Errors.INVALID_OPTION, e);
        }
        if (clusterKind != null && parsed.kind() != clusterKind) {
            throw new SQLException("rwsplit consistency token is for " + parsed.kind() + " positions, but this cluster"
                    + " reports " + clusterKind, Errors.INVALID_OPTION);
        }
        return parsed.position();
    }
}

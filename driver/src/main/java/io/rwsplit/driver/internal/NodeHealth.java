package io.rwsplit.driver.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one node's answers say about it: whether its last probe reached it and what it reported (writable or
 * read-only), and its circuit breaker, which {@link NodeHealthRule} alone feeds. Routing reads these; probes and
 * statement failures write them.
 */
final class NodeHealth {
    /**
     * Fed by {@link NodeHealthRule} only: it counts a failure when the node itself did not answer (its pool could not
     * open a connection, a probe could not reach it, or a statement's connection-class error left a connection that
     * fails the liveness check). An SQL error on a connection that still answers, of any class (08P01 included),
     * is the node answering and never counts.
     */
    private final CircuitBreaker breaker;
    /** Whether the last probe reached the node. */
    private volatile boolean reachable = true;
    /** What the node said at its last successful probe: writable (a primary) or read-only; null before. */
    private volatile Boolean reportsWritable;
    private volatile String lastProbeError;
    /**
     * Until this {@link System#nanoTime()} reading (0: not set), connections given back are checked first: a
     * connection-class error was raised on one of them where the driver could not judge it.
     */
    private final AtomicLong checkReturnsUntil = new AtomicLong();

    private static final long SUSPECT_NANOS = TimeUnit.SECONDS.toNanos(5);

    NodeHealth(String nodeId, long breakerOpenMillis) {
        // Only failures are recorded while closed (a time window forgets old ones), so three connection
        // failures within five seconds open it; after a pause it lets statements try the node again.
        this.breaker = CircuitBreaker.of("rwsplit-" + nodeId, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .slidingWindowSize(5)
                .minimumNumberOfCalls(3)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofMillis(breakerOpenMillis))
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .permittedNumberOfCallsInHalfOpenState(2)
                .build());
    }

    // ------------------------------------------------------------------ the breaker

    /** Whether the breaker lets statements use this node. */
    boolean breakerAllows() {
        CircuitBreaker.State s = breaker.getState();
        return s != CircuitBreaker.State.OPEN && s != CircuitBreaker.State.FORCED_OPEN;
    }

    String breakerState() {
        return breaker.getState().name();
    }

    /** A statement ran (successfully, or failing with an SQL error on a connection that still answers). */
    void recordSuccess() {
        if (breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
            breaker.onSuccess(0, TimeUnit.NANOSECONDS);
        }
    }

    /** The node did not answer (see {@link NodeHealthRule}): only its callers decide that. */
    void recordFailure(Throwable e) {
        breaker.onError(0, TimeUnit.NANOSECONDS, e);
    }

    /**
     * Judges, by {@link NodeHealthRule}, a statement (commit, rollback, session-state call) that failed with
     * {@code e} on this node's connection {@code c}, and feeds the breaker: true when the connection is lost (the
     * caller evicts it and gives up what it carried), false when the node answered (the caller keeps it).
     */
    boolean failedOn(Connection c, SQLException e) {
        if (NodeHealthRule.connectionLost(e, c)) {
            recordFailure(e);
            return true;
        }
        recordSuccess();
        return false;
    }

    // ------------------------------------------------------------------ connections given back

    /** For the next few seconds, connections given back are checked before the pool lends them again. */
    void suspectConnections() {
        checkReturnsUntil.set(System.nanoTime() + SUSPECT_NANOS);
    }

    /**
     * Whether a connection coming back from a statement is lost: checked only within a few seconds of a
     * connection-class error on this node ({@link #suspectConnections()}); otherwise one volatile read.
     */
    boolean lostOnReturn(Connection c) {
        long until = checkReturnsUntil.get();
        if (until == 0L) {
            return false;
        }
        if (System.nanoTime() - until > 0) {
            checkReturnsUntil.compareAndSet(until, 0L);
            return false;
        }
        return !NodeHealthRule.answers(c);
    }

    // ------------------------------------------------------------------ probes

    boolean isReachable() {
        return reachable;
    }

    /** True or false as the node reported at its last probe; null if it never answered one. */
    Boolean reportsWritable() {
        return reportsWritable;
    }

    /** Returns true when this probe changed reachability (for logging transitions once). */
    boolean probeSucceeded(boolean writable) {
        boolean changed = !reachable;
        reachable = true;
        reportsWritable = writable;
        lastProbeError = null;
        return changed;
    }

    /** Returns true when this probe changed reachability. */
    boolean probeFailed(String error) {
        boolean changed = reachable;
        reachable = false;
        lastProbeError = error;
        return changed;
    }

    /** The node answered but the probe query failed: reachability unchanged. */
    void probeError(String error) {
        lastProbeError = error;
    }

    String lastProbeError() {
        return lastProbeError;
    }
}

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
 * read-only), when it last answered anything, and its circuit breaker, which {@link NodeHealthRule} alone feeds.
 * Routing reads these; probes and statements write them.
 *
 * <p>A node is <b>unreachable</b> from the first probe that could not reach it (refused, or unanswered for the probe
 * timeout): nothing new is routed to it. It is <b>hung</b> ({@link #hungFor}) once, on top of that, it has answered
 * nothing for {@code hungAfter}, neither a probe nor a statement: then the statements still running on it are ended.
 * A slow statement on a node that answers probes is never ended.
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
    /** {@link System#nanoTime()} of the node's last answer: a probe's or a statement's (written coarsely). */
    private volatile long lastAnswerNanos = System.nanoTime();
    /** Set when this outage's running statements were ended, so they are ended once; cleared by an answer. */
    private volatile boolean hungHandled;
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
        answered(System.nanoTime());
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
     * {@code e} on this node's connection {@code c}: true when the connection is lost (the caller evicts it and
     * gives up what it carried), false when the node answered (the caller keeps it). A lost session is not the
     * node's failure (a proxy, an administrator or a restart cuts sessions of healthy nodes): the breaker hears
     * from the pool and the probes, which open new connections, whether the node itself is down.
     */
    boolean failedOn(Connection c, SQLException e) {
        if (NodeHealthRule.connectionLost(e, c)) {
            return true;
        }
        recordSuccess();
        return false;
    }

    /**
     * The node refused a write as read-only (a planned switchover has begun, or it was demoted): it says so itself,
     * as its next probe will.
     */
    void refusedWrite() {
        reportsWritable = Boolean.FALSE;
    }

    // ------------------------------------------------------------------ hung nodes

    /** The node answered at {@code nowNanos}; written at most every few milliseconds, so threads do not contend. */
    private void answered(long nowNanos) {
        if (nowNanos - lastAnswerNanos > ANSWER_RESOLUTION_NANOS) {
            lastAnswerNanos = nowNanos;
        }
        if (hungHandled) {
            hungHandled = false;
        }
    }

    private static final long ANSWER_RESOLUTION_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /**
     * Whether the node is hung as of {@code nowNanos} and its running statements are still to be ended: unreachable,
     * and no answer for {@code hungAfterNanos}. True once per outage (the caller ends them).
     */
    boolean hungFor(long nowNanos, long hungAfterNanos) {
        if (reachable || hungHandled || nowNanos - lastAnswerNanos < hungAfterNanos) {
            return false;
        }
        hungHandled = true;
        return true;
    }

    /** Milliseconds since the node last answered anything. */
    long silentMillis(long nowNanos) {
        return TimeUnit.NANOSECONDS.toMillis(nowNanos - lastAnswerNanos);
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
        answered(System.nanoTime());
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

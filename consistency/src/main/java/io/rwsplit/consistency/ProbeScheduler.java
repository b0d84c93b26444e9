package io.rwsplit.consistency;

import io.rwsplit.consistency.internal.RwSplitLoggers;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Runs a probe task every interval on one daemon thread. A task that throws is logged and runs again at the next
 * interval; a task that overruns delays the next run (runs never overlap). The estimator itself stays free of
 * threads: the task reads positions and feeds a {@link FreshnessTracker}.
 *
 * <pre>{@code
 * try (ProbeScheduler probes = new ProbeScheduler("rwsplit-probe-shop", Duration.ofMillis(100), this::probeAll)) {
 *     probes.start();
 *     ...
 * }
 * }</pre>
 */
public final class ProbeScheduler implements AutoCloseable {

    private static final Logger LOG = RwSplitLoggers.get(ProbeScheduler.class);

    private final String threadName;
    private final long intervalNanos;
    private final Runnable task;
    private final ScheduledExecutorService executor;

    /**
     * @param threadName name of the daemon thread
     * @param interval time between the starts of two runs, greater than 0
     * @param task the probe
     */
    public ProbeScheduler(String threadName, Duration interval, Runnable task) {
        this.threadName = Objects.requireNonNull(threadName, "threadName");
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("probe interval must be greater than 0, but was " + interval);
        }
        this.intervalNanos = interval.toNanos();
        this.task = Objects.requireNonNull(task, "task");
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, this.threadName);
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        ex.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.executor = ex;
    }

    /** Starts running the task, first at once. */
    public void start() {
        executor.scheduleAtFixedRate(this::runOnce, 0L, intervalNanos, TimeUnit.NANOSECONDS);
    }

    private void runOnce() {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            LOG.warn("probe task on {} failed; it runs again in {} ms", threadName, intervalNanos / 1_000_000L, e);
            if (e instanceof VirtualMachineError) {
                throw e;
            }
        }
    }

    /** Stops the thread; a run in progress is interrupted. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}

package io.rwsplit.driver.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * When a cluster's probes run: each node on its own schedule, every probe interval, on daemon threads of the
 * cluster's own, plus the sweep of kept connections. What a probe does with the answer is {@link Cluster}'s
 * business; this class only runs it.
 */
final class ProbeSchedule implements AutoCloseable {
    private final ScheduledThreadPoolExecutor executor;
    private final Map<Node, ScheduledFuture<?>> tasks = new LinkedHashMap<>();
    private final long intervalMillis;
    private final Consumer<Node> probe;

    ProbeSchedule(int clusterId, int nodes, long intervalMillis, Consumer<Node> probe) {
        this.intervalMillis = intervalMillis;
        this.probe = probe;
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(nodes + 2, r -> {
            Thread t = new Thread(r, "rwsplit-probe-" + clusterId + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.executor.setRemoveOnCancelPolicy(true);
    }

    /** Sweeps the connections sessions keep, every 250 ms. */
    void sweepEvery250ms(Runnable sweep) {
        executor.scheduleWithFixedDelay(sweep, 250, 250, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code check} every 100 ms (it must not block, nor throw). */
    void every100ms(Runnable check) {
        executor.scheduleWithFixedDelay(check, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** Probes every node once, in parallel, waiting at most {@code timeoutMillis} for all of them. */
    void probeAllOnce(Node[] nodes, long timeoutMillis) {
        List<Future<?>> running = new ArrayList<>();
        for (Node n : nodes) {
            running.add(executor.submit(() -> probe.accept(n)));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (Future<?> f : running) {
            try {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // A slow or dead node is reported by its own probe; start does not wait longer for it.
            }
        }
    }

    /** Probes the node every interval from now on. */
    synchronized void start(Node n) {
        tasks.put(n, executor.scheduleWithFixedDelay(() -> probe.accept(n), intervalMillis, intervalMillis,
                TimeUnit.MILLISECONDS));
    }

    /** A node added at run time: probed at once, then every interval; one more thread for it. */
    synchronized void startNow(Node n, int nodes) {
        if (executor.getCorePoolSize() < nodes + 2) {
            executor.setCorePoolSize(nodes + 2);
        }
        executor.execute(() -> probe.accept(n));
        start(n);
    }

    /** The node is no longer probed. */
    synchronized void stop(Node n) {
        ScheduledFuture<?> task = tasks.remove(n);
        if (task != null) {
            task.cancel(false);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

package io.rwsplit.benchmarks.support;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of the benchmark thread per operation, as the JMH secondary result {@code cpuNsPerOp} (in the JSON
 * under {@code secondaryMetrics}). Measured with {@link ThreadMXBean#getCurrentThreadCpuTime()} on the benchmark
 * thread from iteration setup to iteration teardown, divided by the operations the benchmark counted with
 * {@link #op()}. JMH sums EVENTS counters over iterations in its "score": use the mean of the iteration values
 * ({@code rawData}), as {@code ResultsReport} does. Work done by other threads (pool housekeeping, H2 background writers) is not included.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class ThreadCpu {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    /** CPU nanoseconds of the calling thread per operation, for the last iteration. */
    public double cpuNsPerOp;

    private long ops;
    private long startCpu;

    @Setup(Level.Iteration)
    public void startIteration() {
        ops = 0;
        cpuNsPerOp = 0;
        startCpu = MX.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        long used = MX.getCurrentThreadCpuTime() - startCpu;
        cpuNsPerOp = ops == 0 ? 0 : (double) used / ops;
    }

    /** Counts one operation; call once per benchmark invocation. */
    public final void op() {
        ops++;
    }
}

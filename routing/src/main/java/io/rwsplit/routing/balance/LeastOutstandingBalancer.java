package io.rwsplit.routing.balance;

import io.rwsplit.routing.Candidates;
import io.rwsplit.routing.LoadBalancer;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Power of two random choices weighed by latency ("P2C + peak EWMA", as in Finagle and Linkerd): picks two
 * distinct candidates at random and takes the cheaper, the cost of a candidate being
 * {@code (outstanding + 1) * latency}, with {@link Candidates#latencyNanos latency} a {@link PeakEwma} estimate
 * that decays towards zero while the candidate is not used. A replica ten times slower than another is chosen only
 * when the other has ten times as much work outstanding, and an unused slow replica is tried again once its
 * estimate has decayed, so one that recovered wins its traffic back. Close to "least loaded" without scanning
 * every candidate or a hot spot on the cheapest one; with two candidates it always takes the cheaper.
 *
 * <p>A candidate with no estimate (new, or unused so long that its estimate decayed away) costs nothing while idle
 * and everything while busy: it gets one statement at once, and more only once that one has told how fast it is.
 * When both costs are equal (both unknown, or neither side measures latency) the one with fewer outstanding
 * statements wins, the first on a tie: plain least-outstanding.
 */
public final class LeastOutstandingBalancer implements LoadBalancer {

    @Override
    public int choose(Candidates candidates) {
        int size = candidates.size();
        if (size <= 1) {
            return 0;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int a = random.nextInt(size);
        int b = random.nextInt(size - 1);
        if (b >= a) {
            b++;
        }
        int outstandingA = candidates.outstanding(a);
        int outstandingB = candidates.outstanding(b);
        double costA = cost(outstandingA, candidates.latencyNanos(a));
        double costB = cost(outstandingB, candidates.latencyNanos(b));
        if (costA != costB) {
            return costB < costA ? b : a;
        }
        return outstandingB < outstandingA ? b : a;
    }

    /** In double: latency times outstanding statements can exceed a long. */
    private static double cost(int outstanding, long latencyNanos) {
        if (latencyNanos <= 0) {
            return outstanding <= 0 ? 0.0 : Double.POSITIVE_INFINITY;
        }
        return (Math.max(0, outstanding) + 1.0) * latencyNanos;
    }
}

package io.rwsplit.routing.balance;

import io.rwsplit.routing.Candidates;
import io.rwsplit.routing.LoadBalancer;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Power of two random choices: picks two distinct candidates at random and takes the one with fewer outstanding
 * statements (the first on a tie). Close to "least loaded" without scanning every candidate or a hot spot on the
 * least loaded one; with two candidates it always takes the less loaded.
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
        return candidates.outstanding(b) < candidates.outstanding(a) ? b : a;
    }
}

package io.rwsplit.routing.balance;

import io.rwsplit.routing.Candidates;
import io.rwsplit.routing.LoadBalancer;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Random, each candidate chosen with probability weight(i) / sum of weights. Two passes over the candidates, no
 * allocation. Weights below 1 count as 1.
 */
public final class WeightedBalancer implements LoadBalancer {

    @Override
    public int choose(Candidates candidates) {
        int size = candidates.size();
        if (size <= 1) {
            return 0;
        }
        long total = 0;
        for (int i = 0; i < size; i++) {
            total += Math.max(1, candidates.weight(i));
        }
        long pick = ThreadLocalRandom.current().nextLong(total);
        for (int i = 0; i < size; i++) {
            pick -= Math.max(1, candidates.weight(i));
            if (pick < 0) {
                return i;
            }
        }
        return size - 1;
    }
}

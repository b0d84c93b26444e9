package io.rwsplit.routing.balance;

import io.rwsplit.routing.Candidates;
import io.rwsplit.routing.LoadBalancer;

import java.util.concurrent.ThreadLocalRandom;

/** Uniformly random. */
public final class RandomBalancer implements LoadBalancer {

    @Override
    public int choose(Candidates candidates) {
        int size = candidates.size();
        return size <= 1 ? 0 : ThreadLocalRandom.current().nextInt(size);
    }
}

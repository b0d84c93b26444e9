package io.rwsplit.routing.balance;

import io.rwsplit.routing.Candidates;
import io.rwsplit.routing.LoadBalancer;

import java.util.concurrent.atomic.AtomicInteger;

/** Takes the candidates in turn. The counter may wrap; {@link Math#floorMod} keeps the index in range. */
public final class RoundRobinBalancer implements LoadBalancer {

    private final AtomicInteger next = new AtomicInteger();

    @Override
    public int choose(Candidates candidates) {
        int size = candidates.size();
        return size <= 1 ? 0 : Math.floorMod(next.getAndIncrement(), size);
    }
}

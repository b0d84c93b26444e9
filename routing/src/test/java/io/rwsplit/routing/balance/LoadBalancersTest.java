package io.rwsplit.routing.balance;

import io.rwsplit.routing.Candidates;
import io.rwsplit.routing.LoadBalancer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadBalancersTest {

    private static Candidates candidates(int[] outstanding, int[] weights) {
        return FakeCandidates.loads(outstanding, weights);
    }

    @Test
    void namesMapToBalancers() {
        assertInstanceOf(LeastOutstandingBalancer.class, LoadBalancers.named("least-outstanding"));
        assertInstanceOf(RoundRobinBalancer.class, LoadBalancers.named("Round-Robin"));
        assertInstanceOf(RandomBalancer.class, LoadBalancers.named(" random "));
        assertInstanceOf(WeightedBalancer.class, LoadBalancers.named("weighted"));
        assertInstanceOf(LeastOutstandingBalancer.class, LoadBalancers.named(LoadBalancers.DEFAULT));
    }

    @Test
    void unknownNameIsRejectedListingAcceptedNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoadBalancers.named("roundrobin"));
        assertTrue(e.getMessage().contains("'roundrobin'"), e.getMessage());
        assertTrue(e.getMessage().contains("least-outstanding (default), round-robin, random, weighted"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LoadBalancers.named(null));
    }

    @Test
    void roundRobinSpreadsEvenly() {
        LoadBalancer b = LoadBalancers.named("round-robin");
        Candidates c = candidates(new int[3], new int[] {1, 1, 1});
        int[] counts = new int[3];
        for (int i = 0; i < 3000; i++) {
            counts[b.choose(c)]++;
        }
        assertEquals(1000, counts[0]);
        assertEquals(1000, counts[1]);
        assertEquals(1000, counts[2]);
    }

    @Test
    void roundRobinSurvivesCounterWrap() throws Exception {
        RoundRobinBalancer b = new RoundRobinBalancer();
        java.lang.reflect.Field f = RoundRobinBalancer.class.getDeclaredField("next");
        f.setAccessible(true);
        ((java.util.concurrent.atomic.AtomicInteger) f.get(b)).set(Integer.MAX_VALUE - 2);
        Candidates c = candidates(new int[3], new int[] {1, 1, 1});
        for (int i = 0; i < 10; i++) {
            int chosen = b.choose(c);
            assertTrue(chosen >= 0 && chosen < 3);
        }
    }

    @Test
    void leastOutstandingPrefersTheLessLoaded() {
        LoadBalancer b = LoadBalancers.named("least-outstanding");
        Candidates two = candidates(new int[] {10, 2}, new int[] {1, 1});
        for (int i = 0; i < 1000; i++) {
            assertEquals(1, b.choose(two));
        }
        // with more candidates the most loaded one is never chosen, the least loaded one most often
        Candidates four = candidates(new int[] {50, 0, 40, 30}, new int[] {1, 1, 1, 1});
        int[] counts = new int[4];
        for (int i = 0; i < 20_000; i++) {
            counts[b.choose(four)]++;
        }
        assertEquals(0, counts[0]);
        assertTrue(counts[1] > counts[3] && counts[3] > counts[2], java.util.Arrays.toString(counts));
    }

    @Test
    void weightedRespectsWeightsRoughly() {
        LoadBalancer b = LoadBalancers.named("weighted");
        Candidates c = candidates(new int[3], new int[] {1, 3, 6});
        int n = 100_000;
        int[] counts = new int[3];
        for (int i = 0; i < n; i++) {
            counts[b.choose(c)]++;
        }
        // expected 10%, 30%, 60%; bounds are many standard deviations wide
        assertTrue(counts[0] > 8_000 && counts[0] < 12_000, java.util.Arrays.toString(counts));
        assertTrue(counts[1] > 27_000 && counts[1] < 33_000, java.util.Arrays.toString(counts));
        assertTrue(counts[2] > 56_000 && counts[2] < 64_000, java.util.Arrays.toString(counts));
    }

    @Test
    void randomCoversEveryCandidate() {
        LoadBalancer b = LoadBalancers.named("random");
        Candidates c = candidates(new int[4], new int[] {1, 1, 1, 1});
        int[] counts = new int[4];
        for (int i = 0; i < 40_000; i++) {
            counts[b.choose(c)]++;
        }
        for (int count : counts) {
            assertTrue(count > 8_000 && count < 12_000, java.util.Arrays.toString(counts));
        }
    }

    @Test
    void singleCandidateIsAlwaysChosen() {
        Candidates one = candidates(new int[] {5}, new int[] {1});
        for (String name : new String[] {"least-outstanding", "round-robin", "random", "weighted"}) {
            assertEquals(0, LoadBalancers.named(name).choose(one));
        }
    }
}

package io.rwsplit.consistency;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProbeSchedulerTest {

    @Test
    void runsRepeatedlyOnADaemonThreadAndSurvivesAFailingRun() throws InterruptedException {
        CountDownLatch runs = new CountDownLatch(3);
        boolean[] daemon = new boolean[1];
        try (ProbeScheduler s = new ProbeScheduler("probe-test", Duration.ofMillis(5), () -> {
            daemon[0] = Thread.currentThread().isDaemon();
            runs.countDown();
            if (runs.getCount() == 2) {
                throw new IllegalStateException("probe failed (expected by the test)");
            }
        })) {
            s.start();
            assertTrue(runs.await(10, TimeUnit.SECONDS));
        }
        assertTrue(daemon[0]);
    }

    @Test
    void rejectsNonPositiveInterval() {
        assertThrows(IllegalArgumentException.class, () -> new ProbeScheduler("x", Duration.ZERO, () -> { }));
    }
}

package io.rwsplit.benchmarks.support;

/**
 * The order in which an interleaved benchmark gives its iterations to the drivers it compares. Measured iterations
 * come in rounds of one iteration per driver, in order in even rounds and in reverse order in odd rounds (A B C D,
 * D C B A, ...), so that a drift of the machine over a pair of rounds weighs on every driver alike. Warm-up iterations
 * simply cycle through the drivers.
 */
public final class Rotation {
    private Rotation() {
    }

    /** The driver (index into the compared list of {@code drivers}) of measured iteration {@code measured} (0-based). */
    public static int driverAt(int measured, int drivers) {
        int round = measured / drivers;
        int slot = measured % drivers;
        return round % 2 == 0 ? slot : drivers - 1 - slot;
    }

    /** The round of measured iteration {@code measured} (0-based). */
    public static int roundOf(int measured, int drivers) {
        return measured / drivers;
    }

    /** The driver of warm-up iteration {@code warmup} (0-based). */
    public static int warmupDriverAt(int warmup, int drivers) {
        return warmup % drivers;
    }
}

package io.rwsplit.routing.balance;

import io.rwsplit.routing.LoadBalancer;

import java.util.Locale;

/**
 * The load balancers the {@code loadBalance} option names. Each call of {@link #named} returns a new instance
 * (round-robin keeps a counter per instance).
 * <ul>
 *   <li>{@code least-outstanding} (default, {@link LeastOutstandingBalancer}): of two replicas picked at random,
 *       the one with the lower {@code (outstanding statements + 1) * latency}, latency being a
 *       {@link PeakEwma peak EWMA} of its statement times that decays while it is unused. Steers reads away from a
 *       slow replica at once and gives a recovered one its traffic back within seconds.</li>
 *   <li>{@code round-robin}: the replicas in turn, whatever their load or speed.</li>
 *   <li>{@code random}: uniformly random.</li>
 *   <li>{@code weighted}: random in proportion to each replica's weight.</li>
 * </ul>
 *
 * <pre>{@code
 * LoadBalancer balancer = LoadBalancers.named("round-robin");
 * }</pre>
 */
public final class LoadBalancers {

    /** The default, {@value}. */
    public static final String DEFAULT = "least-outstanding";

    /** Every name {@link #named} accepts, the default first: the one list the option, its parser and docs use. */
    public static final java.util.List<String> NAMES = java.util.List.of(DEFAULT, "round-robin", "random", "weighted");

    private LoadBalancers() {
    }

    /**
     * @param name {@code least-outstanding} (default), {@code round-robin}, {@code random} or {@code weighted};
     *             case-insensitive, surrounding whitespace ignored
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static LoadBalancer named(String name) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        switch (key) {
            case "least-outstanding":
                return new LeastOutstandingBalancer();
            case "round-robin":
                return new RoundRobinBalancer();
            case "random":
                return new RandomBalancer();
            case "weighted":
                return new WeightedBalancer();
            default:
                throw new IllegalArgumentException("loadBalance '" + name + "' is not known; accepted: " + DEFAULT
                        + " (default), " + String.join(", ", NAMES.subList(1, NAMES.size())));
        }
    }
}

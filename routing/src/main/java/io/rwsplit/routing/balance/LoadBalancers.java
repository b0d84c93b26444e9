package io.rwsplit.routing.balance;

import io.rwsplit.routing.LoadBalancer;

import java.util.Locale;

/**
 * The load balancers the {@code loadBalance} option names. Each call of {@link #named} returns a new instance
 * (round-robin keeps a counter per instance).
 *
 * <pre>{@code
 * LoadBalancer balancer = LoadBalancers.named("round-robin");
 * }</pre>
 */
public final class LoadBalancers {

    /** The default, {@value}. */
    public static final String DEFAULT = "least-outstanding";

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
                throw new IllegalArgumentException("loadBalance '" + name
                        + "' is not known; accepted: least-outstanding (default), round-robin, random, weighted");
        }
    }
}

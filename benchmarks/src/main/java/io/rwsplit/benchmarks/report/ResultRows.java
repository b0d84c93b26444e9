package io.rwsplit.benchmarks.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Why this exists: every section compares rows with their twins (the same operation on the same target with
 * another driver or balancer). These find them: a row by operation, target and driver; the plain row to compare a
 * row with; the targets in the order they first appear; a load-balancing row by balancer and mode.
 */
final class ResultRows {
    private ResultRows() {
    }

    static ResultRow find(List<ResultRow> rows, String method, String target, String driver) {
        for (ResultRow r : rows) {
            if (r.method().equals(method) && r.param("target").equals(target) && r.param("driver").equals(driver)) {
                return r;
            }
        }
        return null;
    }

    /**
     * The plain driver's row to compare {@code r} with: the one interleaved with it in the same fork when there is
     * one, else the plain row of the same operation and target.
     */
    static ResultRow plainFor(List<ResultRow> rows, ResultRow r) {
        String group = r.param("drivers");
        if (group.contains("/")) {
            for (ResultRow x : rows) {
                if (x.method().equals(r.method()) && x.param("target").equals(r.param("target"))
                        && x.param("driver").equals("plain") && x.param("drivers").equals(group)) {
                    return x;
                }
            }
        }
        return find(rows, r.method(), r.param("target"), "plain");
    }

    static List<String> targets(List<ResultRow> rows) {
        List<String> t = new ArrayList<>();
        for (ResultRow r : rows) {
            if (!t.contains(r.param("target"))) {
                t.add(r.param("target"));
            }
        }
        return t;
    }

    static ResultRow lbRow(List<ResultRow> lb, String balancer, String mode) {
        for (ResultRow r : lb) {
            if (r.param("loadBalance").equals(balancer) && r.mode().equals(mode)) {
                return r;
            }
        }
        return null;
    }
}

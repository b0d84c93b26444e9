package io.rwsplit.examples.demo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** What happened during the demo, with the time since its start: scenario steps, lag alerts, role changes, errors. */
final class EventLog {

    /** One event: milliseconds since the demo started, and what happened. */
    record Event(long atMillis, String text) {
        @Override
        public String toString() {
            return String.format("%3d:%02d.%d  %s", atMillis / 60_000, atMillis / 1000 % 60, atMillis / 100 % 10, text);
        }
    }

    private final long startNanos;
    private final Deque<Event> recent = new ArrayDeque<>();
    private final List<Event> all = new ArrayList<>();
    private final int keep;

    EventLog(long startNanos, int keep) {
        this.startNanos = startNanos;
        this.keep = keep;
    }

    synchronized void add(String text) {
        Event e = new Event(elapsedMillis(), text);
        all.add(e);
        recent.addLast(e);
        while (recent.size() > keep) {
            recent.removeFirst();
        }
    }

    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** The last few events, oldest first. */
    synchronized List<Event> recent() {
        return List.copyOf(recent);
    }

    /** Every event, oldest first. */
    synchronized List<Event> all() {
        return List.copyOf(all);
    }
}

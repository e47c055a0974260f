package dev.chatmesh.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A real timer pool that also records every delay asked of it, so tests can read the
 * backoff the client chose instead of timing it; its queue is empty once nothing is pending.
 */
final class RecordingScheduler extends ScheduledThreadPoolExecutor {

    final List<Duration> delays = new CopyOnWriteArrayList<>();

    RecordingScheduler() {
        super(1);
        setRemoveOnCancelPolicy(true);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        delays.add(Duration.ofNanos(unit.toNanos(delay)));
        return super.schedule(command, delay, unit);
    }

    /** The recorded delays shorter than {@code limit}: the retries, not watchdogs or probes. */
    List<Duration> delaysBelow(Duration limit) {
        return delays.stream().filter(d -> d.compareTo(limit) < 0).toList();
    }
}

package dev.chatmesh.realtime;

import io.netty.channel.SingleThreadEventLoop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The streams of one event loop. Channels hand it frames from any thread ({@link #accept}); the
 * shard drains them on its own loop, in slices of streams, offering each frame to the streams
 * of its company and then flushing every stream that got something once, so a burst goes out as
 * one write per stream. Everything but the inbox is touched only on the shard's event loop.
 */
final class Shard implements Consumer<Frame> {

  /** Streams served per event-loop task before other work gets a turn. */
  static final int SLICE = 256;

  private final Context context;
  private final long tickMillis;
  private final HubMetrics metrics;
  private final Consumer<SseStream> removed;
  private final Map<Long, Set<SseStream>> byCompany = new HashMap<>();
  private final ConcurrentLinkedQueue<Frame> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final List<SseStream> dirty = new ArrayList<>();
  private final ArrayDeque<List<Frame>> runs = new ArrayDeque<>();
  private List<Frame> runFrames;
  private SseStream[] runStreams;
  private int runPos;
  private final List<SseStream> removedWhileDraining = new ArrayList<>();
  private boolean draining;
  private long timerId = -1;
  private final Runnable nextSlice;

  /**
   * A shard on {@code context} that ticks its streams (heartbeats, expiry) a few times per
   * {@code heartbeat} and calls {@code removed} once for every stream it lets go.
   */
  Shard(Context context, Duration heartbeat, HubMetrics metrics, Consumer<SseStream> removed) {
    this.context = context;
    this.tickMillis = Math.max(50, heartbeat.toMillis() / 3);
    this.metrics = metrics;
    this.removed = removed;
    this.nextSlice = () -> context.runOnContext(v -> drain());
  }

  /** Takes a frame of a channel, from any thread, in company order. */
  @Override
  public void accept(Frame frame) {
    inbox.add(frame);
    if (drainScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
  }

  /** Adds a stream; the shard joins the stream's channel with its first stream of the company. */
  void add(SseStream stream) {
    Set<SseStream> streams = byCompany.computeIfAbsent(stream.companyId(),
        id -> new LinkedHashSet<>());
    streams.add(stream);
    if (streams.size() == 1) {
      stream.channel().addShard(this);
    }
    if (timerId < 0) {
      timerId = context.owner().setPeriodic(tickMillis, id -> tick());
    }
  }

  /**
   * Lets a stream go, once, however often it is called. Streams close while a drain or a tick
   * walks them (a slow consumer, a revocation); their removal then waits until the walk is done.
   */
  void remove(SseStream stream) {
    if (draining) {
      removedWhileDraining.add(stream);
      return;
    }
    Set<SseStream> streams = byCompany.get(stream.companyId());
    if (streams == null || !streams.remove(stream)) {
      return;
    }
    if (streams.isEmpty()) {
      byCompany.remove(stream.companyId());
      stream.channel().removeShard(this);
      if (byCompany.isEmpty() && timerId >= 0) {
        context.owner().cancelTimer(timerId);
        timerId = -1;
      }
    }
    removed.accept(stream);
  }

  /** A stream that has something to flush at the end of this task. */
  void markDirty(SseStream stream) {
    dirty.add(stream);
  }

  /** Runs {@code action} on the shard's loop for each of its streams (revocations, shutdown). */
  Future<Void> forEachStream(Consumer<SseStream> action) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      List<SseStream> all = new ArrayList<>();
      byCompany.values().forEach(all::addAll);
      all.forEach(action);
      done.complete();
    });
    return done.future();
  }

  /**
   * Delivers in slices of {@link #SLICE} streams per task, so that one event's fan-out to
   * thousands of streams does not hold the event loop: HTTP answers, connects and the next
   * slice take turns. A slice offers every frame of one company's run to its streams and then
   * flushes each of them once. The next batch starts only when the current one reached every
   * stream, so each stream still sees its company's events in order.
   */
  private void drain() {
    draining = true;
    long delivered = 0;
    try {
      if (runStreams != null || nextRun()) {
        int end = Math.min(runPos + SLICE, runStreams.length);
        for (int i = runPos; i < end; i++) {
          SseStream stream = runStreams[i];
          for (int e = 0, n = runFrames.size(); e < n; e++) {
            stream.offer(runFrames.get(e));
          }
        }
        delivered = (long) (end - runPos) * runFrames.size();
        for (int i = 0, n = dirty.size(); i < n; i++) {
          dirty.get(i).flush();
        }
        runPos = end;
        if (runPos >= runStreams.length) {
          runStreams = null;
          runFrames = null;
        }
      }
    } finally {
      dirty.clear();
      draining = false;
    }
    metrics.frames(delivered);
    removeDeferred();
    if (runStreams != null || !runs.isEmpty() || !inbox.isEmpty()) {
      continueAfterIo();
      return;
    }
    drainScheduled.set(false);
    // A frame enqueued between the last poll and clearing the flag found it set: take it.
    if (!inbox.isEmpty() && drainScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
  }

  /**
   * Queues the next slice behind the sockets' reads. A task queued from a task runs in the same
   * pass over the loop's queue, before any I/O (Netty reads sockets between passes, and ends a
   * pass only after a second of tasks), so slices queued one from another would hold every
   * request and connect of this loop until the whole fan-out is done. Queued from the end of
   * this loop iteration instead, the next slice runs after the loop has read its sockets.
   */
  private void continueAfterIo() {
    if (((ContextInternal) context).nettyEventLoop() instanceof SingleThreadEventLoop loop) {
      loop.executeAfterEventLoopIteration(nextSlice);
    } else {
      nextSlice.run();
    }
  }

  /**
   * Starts the next run: the inbox is split into runs of one company's frames (in order), and
   * a run goes to a snapshot of that company's streams here (streams that join later catch up
   * from history; streams that leave are skipped as closed).
   */
  private boolean nextRun() {
    if (runs.isEmpty()) {
      Frame frame;
      Map<Long, List<Frame>> byRun = new LinkedHashMap<>();
      while ((frame = inbox.poll()) != null) {
        byRun.computeIfAbsent(frame.event().companyId(), id -> new ArrayList<>()).add(frame);
      }
      runs.addAll(byRun.values());
    }
    List<Frame> run;
    while ((run = runs.poll()) != null) {
      Set<SseStream> streams = byCompany.get(run.getFirst().event().companyId());
      if (streams == null) {
        continue;
      }
      for (Frame frame : run) {
        metrics.delivered(frame.event());
      }
      runFrames = run;
      runStreams = streams.toArray(new SseStream[0]);
      runPos = 0;
      return true;
    }
    return false;
  }

  /**
   * Heartbeats and expiry checks. Streams it ends are removed after the pass, as in a drain,
   * so it walks the live sets without copying them.
   */
  private void tick() {
    long now = System.nanoTime();
    long wallNow = System.currentTimeMillis();
    draining = true;
    try {
      for (Set<SseStream> streams : byCompany.values()) {
        for (SseStream stream : streams) {
          stream.tick(now, wallNow);
        }
      }
    } finally {
      dirty.clear();
      draining = false;
    }
    removeDeferred();
  }

  private void removeDeferred() {
    if (!removedWhileDraining.isEmpty()) {
      List<SseStream> deferred = new ArrayList<>(removedWhileDraining);
      removedWhileDraining.clear();
      deferred.forEach(this::remove);
    }
  }
}

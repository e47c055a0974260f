package dev.chatmesh.realtime;

import io.vertx.core.Context;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The streams of one event loop. Channels enqueue events from any thread; the shard drains
 * them on its own loop, in slices of streams, offering each event to the streams of its
 * company and then flushing every stream that got something once, so a burst goes out as one
 * write per stream. Everything but the inbox is touched only on the shard's event loop.
 */
final class Shard {

  /** Streams served per event-loop task before other work gets a turn. */
  static final int SLICE = 256;

  final Context context;
  private final Hub hub;
  private final Map<Long, List<SseStream>> byCompany = new HashMap<>();
  private final ConcurrentLinkedQueue<Event> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final List<SseStream> dirty = new ArrayList<>();
  private final ArrayDeque<List<Event>> runs = new ArrayDeque<>();
  private List<Event> runEvents;
  private SseStream[] runStreams;
  private int runPos;
  private final List<SseStream> removedWhileDraining = new ArrayList<>();
  private boolean draining;
  private long timerId = -1;

  Shard(Context context, Hub hub) {
    this.context = context;
    this.hub = hub;
  }

  /** Called from any thread, in company order. */
  void enqueue(Event event) {
    inbox.add(event);
    if (drainScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
  }

  /** Returns whether this was the shard's first stream of the company. */
  boolean add(SseStream stream) {
    List<SseStream> list = byCompany.computeIfAbsent(stream.companyId(), id -> new ArrayList<>());
    stream.slot = list.size();
    list.add(stream);
    if (timerId < 0) {
      long tick = Math.max(50, hub.options.heartbeat().toMillis() / 3);
      timerId = hub.vertx.setPeriodic(tick, id -> tick());
    }
    return list.size() == 1;
  }

  /**
   * Streams close while a drain iterates them (a slow consumer, a revocation); their removal
   * waits until the drain is done. Returns whether it was deferred.
   */
  boolean deferWhileDraining(SseStream stream) {
    if (draining) {
      removedWhileDraining.add(stream);
    }
    return draining;
  }

  /** Returns whether this was the shard's last stream of the company. */
  boolean remove(SseStream stream) {
    List<SseStream> list = byCompany.get(stream.companyId());
    if (list == null || stream.slot < 0 || stream.slot >= list.size()
        || list.get(stream.slot) != stream) {
      return false;
    }
    SseStream last = list.remove(list.size() - 1);
    if (last != stream) {
      list.set(stream.slot, last);
      last.slot = stream.slot;
    }
    stream.slot = -1;
    if (list.isEmpty()) {
      byCompany.remove(stream.companyId());
      if (byCompany.isEmpty() && timerId >= 0) {
        hub.vertx.cancelTimer(timerId);
        timerId = -1;
      }
      return true;
    }
    return false;
  }

  void markDirty(SseStream stream) {
    dirty.add(stream);
  }

  /** Every stream of this shard, for shutdown and revocation sweeps; event loop only. */
  List<SseStream> streams() {
    List<SseStream> all = new ArrayList<>();
    byCompany.values().forEach(all::addAll);
    return all;
  }

  /**
   * Delivers in slices of {@link #SLICE} streams per task, so that one event's fan-out to
   * thousands of streams does not hold the event loop: HTTP answers, connects and the next
   * slice take turns. A slice offers every event of one company's run to its streams and then
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
          for (int e = 0, n = runEvents.size(); e < n; e++) {
            stream.offer(runEvents.get(e));
          }
        }
        delivered = (long) (end - runPos) * runEvents.size();
        for (int i = 0, n = dirty.size(); i < n; i++) {
          dirty.get(i).flush();
        }
        runPos = end;
        if (runPos >= runStreams.length) {
          runStreams = null;
          runEvents = null;
        }
      }
    } finally {
      dirty.clear();
      draining = false;
    }
    hub.metrics.frames(delivered);
    detachRemoved();
    if (runStreams != null || !runs.isEmpty() || !inbox.isEmpty()) {
      context.runOnContext(v -> drain());
      return;
    }
    drainScheduled.set(false);
    // An event enqueued between the last poll and clearing the flag found it set: take it.
    if (!inbox.isEmpty() && drainScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
  }

  /**
   * Starts the next run: the inbox is split into runs of one company's events (in order), and
   * a run goes to a snapshot of that company's streams here (streams that join later catch up
   * from history; streams that leave are skipped as closed).
   */
  private boolean nextRun() {
    if (runs.isEmpty()) {
      Event event;
      Map<Long, List<Event>> byRun = new LinkedHashMap<>();
      while ((event = inbox.poll()) != null) {
        byRun.computeIfAbsent(event.companyId(), id -> new ArrayList<>()).add(event);
      }
      runs.addAll(byRun.values());
    }
    List<Event> run;
    while ((run = runs.poll()) != null) {
      List<SseStream> list = byCompany.get(run.getFirst().companyId());
      if (list == null) {
        continue;
      }
      for (Event event : run) {
        hub.metrics.delivered(event);
      }
      runEvents = run;
      runStreams = list.toArray(new SseStream[0]);
      runPos = 0;
      return true;
    }
    return false;
  }


  /**
   * Heartbeats and expiry checks. Streams it ends are removed after the pass, as in a drain,
   * so it walks the live lists without copying them.
   */
  private void tick() {
    long now = System.nanoTime();
    long wallNow = System.currentTimeMillis();
    draining = true;
    try {
      for (List<SseStream> list : byCompany.values()) {
        for (int i = 0, n = list.size(); i < n; i++) {
          list.get(i).tick(now, wallNow);
        }
      }
    } finally {
      dirty.clear();
      draining = false;
    }
    detachRemoved();
  }

  private void detachRemoved() {
    if (!removedWhileDraining.isEmpty()) {
      List<SseStream> removed = new ArrayList<>(removedWhileDraining);
      removedWhileDraining.clear();
      removed.forEach(hub::detach);
    }
  }

}

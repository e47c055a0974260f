package dev.chatmesh.realtime;

import io.vertx.core.Context;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The streams of one event loop. Channels enqueue events from any thread; the shard drains
 * them in one task on its own loop, offers each to the streams of that company, and then
 * flushes every stream that got something once, so a burst goes out as one write per stream.
 * Everything but the inbox is touched only on the shard's event loop.
 */
final class Shard {

  final Context context;
  private final Hub hub;
  private final Map<Long, List<SseStream>> byCompany = new HashMap<>();
  private final ConcurrentLinkedQueue<Event> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final List<SseStream> dirty = new ArrayList<>();
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

  private void drain() {
    drainScheduled.set(false);
    draining = true;
    long delivered = 0;
    try {
      Event event;
      while ((event = inbox.poll()) != null) {
        List<SseStream> list = byCompany.get(event.companyId());
        if (list == null) {
          continue;
        }
        hub.metrics.delivered(event, list.size());
        for (int i = 0, n = list.size(); i < n; i++) {
          list.get(i).offer(event);
        }
        delivered += list.size();
      }
      for (int i = 0, n = dirty.size(); i < n; i++) {
        dirty.get(i).flush();
      }
    } finally {
      dirty.clear();
      draining = false;
    }
    hub.metrics.frames(delivered);
    detachRemoved();
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

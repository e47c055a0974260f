package dev.chatmesh.realtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A history in memory, with a retention floor per company and a gate that holds reads until
 * the test opens it (to publish while a stream catches up). Thread-safe.
 */
final class FakeHistory implements History {

  private final Map<Long, List<Event>> events = new HashMap<>();
  private final Map<Long, Long> floors = new HashMap<>();
  private final AtomicInteger reads = new AtomicInteger();
  private volatile CountDownLatch gate = new CountDownLatch(0);

  /** Commits an event (the outbox's insert) and returns it, ready to publish. */
  synchronized Event commit(long companyId, String type, String topic, Long recipientId,
                            Long revokes) {
    List<Event> list = events.computeIfAbsent(companyId, id -> new ArrayList<>());
    long seq = list.isEmpty() ? floors.getOrDefault(companyId, 0L) + 1 : list.getLast().seq() + 1;
    Event event = Event.of(companyId, seq, type, topic, recipientId, revokes,
        Wire.envelope(seq, type, companyId, 0, "{}"), 0);
    list.add(event);
    return event;
  }

  /** Commits an event of topic {@code t} for everyone. */
  Event commit(long companyId) {
    return commit(companyId, "t.x", "t", null, null);
  }

  /** Retention: forgets every event up to {@code floor}. */
  synchronized void truncate(long companyId, long floor) {
    floors.put(companyId, floor);
    events.getOrDefault(companyId, new ArrayList<>()).removeIf(e -> e.seq() <= floor);
  }

  /** Holds every read from now until {@link #open}. */
  void hold() {
    gate = new CountDownLatch(1);
  }

  void open() {
    gate.countDown();
  }

  int reads() {
    return reads.get();
  }

  @Override
  public Page read(long companyId, Long after, int limit) {
    try {
      if (!gate.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never opened the history gate");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    reads.incrementAndGet();
    synchronized (this) {
      long head = head(companyId);
      if (after == null) {
        return new Page(List.of(), head, false);
      }
      List<Event> found = events.getOrDefault(companyId, List.of()).stream()
          .filter(e -> e.seq() > after).limit(limit).toList();
      return new Page(found, head, after < floors.getOrDefault(companyId, 0L));
    }
  }

  @Override
  public synchronized Map<Long, Long> heads(Collection<Long> companyIds) {
    Map<Long, Long> heads = new HashMap<>();
    companyIds.forEach(id -> heads.put(id, head(id)));
    return heads;
  }

  private long head(long companyId) {
    List<Event> list = events.getOrDefault(companyId, List.of());
    return list.isEmpty() ? floors.getOrDefault(companyId, 0L) : list.getLast().seq();
  }
}

package dev.chatmesh.realtime;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * One company on this node: puts the events the broker hands over back into sequence order
 * before they reach the shards. Publishers race after commit, and other nodes publish too, so
 * a later id may arrive first: it is held for {@link HubOptions#gapHold()} and, if the earlier
 * one has not come by then, the gap is read from history. Streams still check continuity
 * themselves; this ordering only keeps them from all reading the same gap at once.
 *
 * <p>The ordering state is guarded by {@code this}; under the lock the channel only reorders
 * and enqueues (to its shards, each a {@code Consumer<Frame>}), it never writes to a socket or
 * waits on I/O. The frame of an event is made once here and shared by every shard.
 */
final class Channel {

  private static final Logger log = LoggerFactory.getLogger(Channel.class);

  private final long companyId;
  private final Vertx vertx;
  private final HistoryReads reads;
  private final long gapHoldMillis;
  private final int batch;
  private final Set<Consumer<Frame>> shards = new CopyOnWriteArraySet<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final TreeMap<Long, Event> held = new TreeMap<>();
  private long next;
  private boolean gapCheckScheduled;
  private boolean filling;

  /**
   * A channel that holds a later event for {@code gapHold} before it reads the gap from
   * history, {@code batch} events per read.
   */
  Channel(long companyId, Vertx vertx, HistoryReads reads, Duration gapHold, int batch) {
    this.companyId = companyId;
    this.vertx = vertx;
    this.reads = reads;
    this.gapHoldMillis = gapHold.toMillis();
    this.batch = batch;
  }

  long companyId() {
    return companyId;
  }

  void addShard(Consumer<Frame> shard) {
    shards.add(shard);
  }

  void removeShard(Consumer<Frame> shard) {
    shards.remove(shard);
  }

  /** Takes one event from the broker or from history, on any thread. */
  void accept(Event event) {
    List<Waiter> woken = null;
    synchronized (this) {
      if (next == 0) {
        next = event.seq();
      }
      if (event.seq() < next) {
        return;
      }
      if (event.seq() > next) {
        held.put(event.seq(), event);
        scheduleGapCheck();
        return;
      }
      emit(event);
      Event following;
      while ((following = held.remove(next)) != null) {
        emit(following);
      }
      if (!waiters.isEmpty()) {
        woken = takeWaiters();
      }
    }
    if (woken != null) {
      woken.forEach(w -> w.promise.tryComplete());
    }
  }

  /** Called by the relay: the company's committed head as read from the database. */
  void observeHead(long head) {
    long from;
    synchronized (this) {
      if (head == 0 || head < next || !held.isEmpty() || filling) {
        return;
      }
      if (next == 0) {
        // Nothing came through the broker yet: replay the head once, streams drop it if
        // they already have it, and from then on the channel knows where it stands.
        next = head;
      }
      from = next - 1;
      filling = true;
    }
    fill(from);
  }

  /**
   * The last id this channel handed to the shards when nothing is held or being filled, else
   * -1: a stream that starts at the head can start there without reading history.
   */
  synchronized long settledHead() {
    return next > 0 && held.isEmpty() && !filling ? next - 1 : -1;
  }

  /** The next sequence number this channel expects, or 0 before the first event. */
  synchronized long expected() {
    return next;
  }

  /** A promise completed by the next event this channel emits. */
  Waiter await() {
    Waiter waiter = new Waiter(Promise.promise());
    synchronized (this) {
      waiters.add(waiter);
    }
    return waiter;
  }

  synchronized void forget(Waiter waiter) {
    waiters.remove(waiter);
  }

  private void emit(Event event) {
    next = event.seq() + 1;
    if (shards.isEmpty()) {
      return;
    }
    Frame frame = Frame.of(event);
    for (Consumer<Frame> shard : shards) {
      shard.accept(frame);
    }
  }

  private List<Waiter> takeWaiters() {
    List<Waiter> woken = new ArrayList<>(waiters);
    waiters.clear();
    return woken;
  }

  private void scheduleGapCheck() {
    if (gapCheckScheduled) {
      return;
    }
    gapCheckScheduled = true;
    vertx.setTimer(gapHoldMillis, id -> {
      long from;
      synchronized (this) {
        gapCheckScheduled = false;
        if (held.isEmpty() || filling) {
          return;
        }
        from = next - 1;
        filling = true;
      }
      fill(from);
    });
  }

  /** Reads what follows {@code after} from history and feeds it back in. */
  private void fill(long after) {
    reads.read(companyId, after, batch).onComplete(result -> {
      if (result.failed()) {
        log.warn("history read for company {} failed", companyId, result.cause());
      } else {
        skipMissing(result.result().events());
        result.result().events().forEach(this::accept);
      }
      synchronized (this) {
        filling = false;
        if (!held.isEmpty()) {
          scheduleGapCheck();
        }
      }
    });
  }


  /**
   * History is the source of truth: when it has nothing at the expected id (retention removed
   * it), the channel moves on to what history does have instead of stalling the company.
   */
  private synchronized void skipMissing(List<Event> fromHistory) {
    long first = fromHistory.isEmpty() ? Long.MAX_VALUE : fromHistory.get(0).seq();
    long firstHeld = held.isEmpty() ? Long.MAX_VALUE : held.firstKey();
    long resumeAt = Math.min(first, firstHeld);
    if (resumeAt != Long.MAX_VALUE && resumeAt > next) {
      log.warn("company {} skips events {}..{} missing from history", companyId, next,
          resumeAt - 1);
      next = resumeAt;
      Event following;
      while ((following = held.remove(next)) != null) {
        emit(following);
      }
    }
  }

  /** A long-poll request waiting for this company's next event. */
  record Waiter(Promise<Void> promise) {
  }
}

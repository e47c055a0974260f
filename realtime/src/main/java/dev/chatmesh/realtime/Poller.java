package dev.chatmesh.realtime;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Long-polling: answers with the events after a given id as soon as there are any, or with
 * none once the wait is over. It reads the same durable history as streams do, so polling
 * clients get the same ids, the same order and the same exactly-once guarantee. A held poll
 * honours the same revocation rules as a stream: it ends with a revocation, never with another
 * event, once its session is logged out, its token expires or its membership ends.
 */
public final class Poller {

  private final Vertx vertx;
  private final HistoryReads reads;
  private final Channels channels;
  private final Limits limits;
  private final Set<Held> held = ConcurrentHashMap.newKeySet();

  Poller(Vertx vertx, HistoryReads reads, Channels channels, Limits limits) {
    this.vertx = vertx;
    this.reads = reads;
    this.channels = channels;
    this.limits = limits;
  }

  /**
   * What a poll asks for.
   *
   * @param caller  who polls and for what, as for a stream; its {@code lastEventId} is the last
   *                id the client has, or null for "just tell me the head"
   * @param limit   at most this many events
   * @param maxWait how long to hold the request when nothing is new
   */
  public record Request(StreamRequest caller, int limit, Duration maxWait) {
  }

  /**
   * What a poll found.
   *
   * @param events the events for this caller, oldest first
   * @param lastId the id to ask after next time (covers events filtered out for this caller)
   * @param headId the company's head when read
   * @param reset  whether the id asked after is older than the history kept (or unknown): the
   *               client reloads its data and continues after {@code headId}
   * @param revoked null, or why the caller lost access while the poll was held
   *                ({@code logged_out}, {@code token_expired}, {@code membership_ended}); then
   *                there are no events
   */
  public record Result(List<Event> events, long lastId, long headId, boolean reset,
                       String revoked) {

    /** A result of a caller who still has access. */
    public Result(List<Event> events, long lastId, long headId, boolean reset) {
      this(events, lastId, headId, reset, null);
    }

    static Result revoked(String reason) {
      return new Result(List.of(), 0, 0, false, reason);
    }
  }

  /** A poll being answered, and the loop it answers on. */
  private record Held(StreamRequest caller, Context context, Promise<Result> done) {
  }

  /**
   * Answers once something is new for the caller or the wait is over. A poll that may be held
   * (an {@code after} and a wait) counts against the stream limits while it is answered, as a
   * stream does; over a limit it fails with {@link Hub.LimitReached}.
   */
  public Future<Result> poll(Request request) {
    StreamRequest caller = request.caller();
    boolean counted = caller.lastEventId() != null && !request.maxWait().isZero();
    if (counted) {
      Hub.Opened reserved = limits.reserve(caller);
      if (reserved != Hub.Opened.OPENED) {
        return Future.failedFuture(new Hub.LimitReached(reserved));
      }
    }
    Channel channel = channels.acquire(caller.companyId());
    Held hold = new Held(caller, vertx.getOrCreateContext(), Promise.promise());
    held.add(hold);
    long deadline = System.nanoTime() + request.maxWait().toNanos();
    attempt(channel, request, caller.lastEventId(), deadline, hold.done());
    return hold.done().future().andThen(result -> {
      held.remove(hold);
      channels.release(channel);
      if (counted) {
        limits.release(caller);
      }
    });
  }

  /** Ends every held poll whose caller matches with a revocation, as a stream would end. */
  void revoke(Predicate<StreamRequest> which, String reason) {
    for (Held hold : held) {
      if (which.test(hold.caller())) {
        hold.context().runOnContext(v -> hold.done().tryComplete(Result.revoked(reason)));
      }
    }
  }

  /** The sessions of the polls held now, for the session sweep. */
  Set<String> sessions() {
    Set<String> sessions = new java.util.HashSet<>();
    held.forEach(hold -> sessions.add(hold.caller().sessionId()));
    return sessions;
  }

  private void attempt(Channel channel, Request request, Long after, long deadline,
                       Promise<Result> done) {
    StreamRequest caller = request.caller();
    if (done.future().isComplete()) {
      return;
    }
    if (expired(caller)) {
      done.tryComplete(Result.revoked("token_expired"));
      return;
    }
    // Wait before reading: an event committed between the read and the wait still wakes us.
    Channel.Waiter waiter = channel.await();
    reads.read(caller.companyId(), after, request.limit()).onComplete(read -> {
      if (done.future().isComplete()) {
        channel.forget(waiter);
        return;
      }
      if (read.failed()) {
        channel.forget(waiter);
        done.tryFail(read.cause());
        return;
      }
      History.Page page = read.result();
      if (after == null) {
        channel.forget(waiter);
        done.tryComplete(new Result(List.of(), page.head(), page.head(), false));
        return;
      }
      if (page.resets(after)) {
        channel.forget(waiter);
        done.tryComplete(new Result(List.of(), page.head(), page.head(), true));
        return;
      }
      List<Event> mine = new ArrayList<>();
      long lastId = after;
      for (Event event : page.events()) {
        lastId = event.seq();
        if (event.revokes() != null && event.revokes() == caller.memberId()) {
          channel.forget(waiter);
          done.tryComplete(Result.revoked("membership_ended"));
          return;
        }
        if (event.isFor(caller.memberId(), caller.topics())) {
          mine.add(event);
        }
      }
      long remaining = deadline - System.nanoTime();
      if (!mine.isEmpty() || remaining <= 0) {
        channel.forget(waiter);
        done.tryComplete(new Result(mine, lastId, page.head(), false));
      } else if (!page.events().isEmpty()) {
        channel.forget(waiter);
        attempt(channel, request, lastId, deadline, done);
      } else {
        long timer = vertx.setTimer(Math.max(1, Math.min(remaining / 1_000_000,
            untilExpiry(caller))), id -> waiter.promise().tryComplete());
        long asked = lastId;
        waiter.promise().future().onComplete(woken -> {
          vertx.cancelTimer(timer);
          channel.forget(waiter);
          if (deadline - System.nanoTime() > 0 || expired(caller)) {
            attempt(channel, request, asked, deadline, done);
          } else {
            done.tryComplete(new Result(List.of(), asked, page.head(), false));
          }
        });
      }
    });
  }

  private static boolean expired(StreamRequest caller) {
    return untilExpiry(caller) <= 0;
  }

  private static long untilExpiry(StreamRequest caller) {
    return caller.expiresAt() == null ? Long.MAX_VALUE
        : caller.expiresAt().toEpochMilli() - System.currentTimeMillis();
  }
}

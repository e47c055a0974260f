package dev.chatmesh.realtime;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Long-polling: answers with the events after a given id as soon as there are any, or with
 * none once the wait is over. It reads the same durable history as streams do, so polling
 * clients get the same ids, the same order and the same exactly-once guarantee.
 */
public final class Poller {

  private final Vertx vertx;
  private final HistoryReads reads;
  private final Channels channels;

  Poller(Vertx vertx, HistoryReads reads, Channels channels) {
    this.vertx = vertx;
    this.reads = reads;
    this.channels = channels;
  }

  /**
   * What a poll asks for.
   *
   * @param companyId the company
   * @param memberId  the caller's membership, for targeted events
   * @param topics    the topics asked for
   * @param after     the last id the client has, or null for "just tell me the head"
   * @param limit     at most this many events
   * @param maxWait   how long to hold the request when nothing is new
   */
  public record Request(long companyId, long memberId, TopicFilter topics, Long after, int limit,
                        Duration maxWait) {
  }

  /**
   * What a poll found.
   *
   * @param events the events for this caller, oldest first
   * @param lastId the id to ask after next time (covers events filtered out for this caller)
   * @param headId the company's head when read
   * @param reset  whether the id asked after is older than the history kept (or unknown): the
   *               client reloads its data and continues after {@code headId}
   */
  public record Result(List<Event> events, long lastId, long headId, boolean reset) {
  }

  /** Answers once something is new for the caller or the wait is over. */
  public Future<Result> poll(Request request) {
    Channel channel = channels.acquire(request.companyId());
    Promise<Result> done = Promise.promise();
    long deadline = System.nanoTime() + request.maxWait().toNanos();
    attempt(channel, request, request.after(), deadline, done);
    return done.future().andThen(result -> channels.release(channel));
  }

  private void attempt(Channel channel, Request request, Long after, long deadline,
                       Promise<Result> done) {
    // Wait before reading: an event committed between the read and the wait still wakes us.
    Channel.Waiter waiter = channel.await();
    reads.read(request.companyId(), after, request.limit()).onComplete(read -> {
      if (read.failed()) {
        channel.forget(waiter);
        done.fail(read.cause());
        return;
      }
      History.Page page = read.result();
      if (after == null) {
        channel.forget(waiter);
        done.complete(new Result(List.of(), page.head(), page.head(), false));
        return;
      }
      if (page.resets(after)) {
        channel.forget(waiter);
        done.complete(new Result(List.of(), page.head(), page.head(), true));
        return;
      }
      List<Event> mine = new ArrayList<>();
      long lastId = after;
      for (Event event : page.events()) {
        lastId = event.seq();
        if (event.isFor(request.memberId(), request.topics())) {
          mine.add(event);
        }
      }
      long remaining = deadline - System.nanoTime();
      if (!mine.isEmpty() || remaining <= 0) {
        channel.forget(waiter);
        done.complete(new Result(mine, lastId, page.head(), false));
      } else if (!page.events().isEmpty()) {
        channel.forget(waiter);
        attempt(channel, request, lastId, deadline, done);
      } else {
        long timer = vertx.setTimer(Math.max(1, remaining / 1_000_000),
            id -> waiter.promise().tryComplete());
        long asked = lastId;
        waiter.promise().future().onComplete(woken -> {
          vertx.cancelTimer(timer);
          channel.forget(waiter);
          if (deadline - System.nanoTime() > 0) {
            attempt(channel, request, asked, deadline, done);
          } else {
            done.complete(new Result(List.of(), asked, page.head(), false));
          }
        });
      }
    });
  }
}

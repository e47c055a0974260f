package dev.chatmesh.server.inbox;

import dev.chatmesh.server.Config;
import dev.chatmesh.server.store.Database;
import dev.chatmesh.server.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's send worker: takes due rows from the {@link SendQueue}, calls the platform and
 * records the outcome, at most {@link #CONCURRENCY} messages at once. It runs when woken
 * (a reply was just queued) and every {@link #POLL} otherwise, which is also how it picks up
 * retries, rows queued by other nodes and leases that ran out. JDBC runs on workers, calls on
 * the event loop; {@code wake} may be called from any thread.
 */
public final class Deliveries {

  /** How long a claim lasts: far above one call's bounded timeout plus recording it. */
  static final Duration LEASE = Duration.ofSeconds(60);
  /** How often due rows are looked for when nothing wakes the worker. */
  static final Duration POLL = Duration.ofMillis(300);
  /** Messages in flight at once on one node. */
  static final int CONCURRENCY = 16;

  private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

  private final Vertx vertx;
  private final SendQueue queue;
  private final Map<Platform, PlatformApi> apis;
  private final Backoff backoff;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean polling = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();
  private volatile boolean stopped;
  private long timer = -1;

  /**
   * A worker over the deliveries of {@code store}'s database, opening channel tokens with
   * {@code vault}, sending through {@code apis} and retrying per {@code settings}.
   */
  public Deliveries(Vertx vertx, Store store, Database.Dialect dialect, Vault vault,
                    Map<Platform, PlatformApi> apis, Config.Delivery settings) {
    this.vertx = vertx;
    this.queue = new SendQueue(store, dialect, vault);
    this.apis = Map.copyOf(apis);
    this.backoff = Backoff.of(settings);
  }

  /** Starts polling; rows left by an earlier run (or another node) are picked up at once. */
  public void start() {
    timer = vertx.setPeriodic(POLL.toMillis(), id -> wake());
    wake();
  }

  /** Looks for due rows now (after a reply or a retry was committed). */
  public void wake() {
    if (stopped) {
      return;
    }
    if (!polling.compareAndSet(false, true)) {
      // A look is under way; it may have read before the caller's commit, so look once more.
      again.set(true);
      return;
    }
    again.set(false);
    int free = CONCURRENCY - inFlight.get();
    if (free <= 0) {
      // A send that finishes wakes the worker again.
      polling.set(false);
      return;
    }
    long now = System.currentTimeMillis();
    vertx.executeBlocking(() -> queue.claim(free, now, now + LEASE.toMillis()), false)
        .onComplete(claimed -> {
          if (claimed.succeeded()) {
            claimed.result().forEach(this::attempt);
          } else {
            log.warn("claiming deliveries failed", claimed.cause());
          }
          polling.set(false);
          if (again.get()) {
            wake();
          }
        });
  }

  private void attempt(SendQueue.Job job) {
    inFlight.incrementAndGet();
    Future<Outcome> call = job.outbound() == null
        ? Future.succeededFuture(new Outcome.Failed(job.refusal()))
        : apis.get(job.platform()).send(job.outbound());
    call.recover(e -> Future.succeededFuture(new Outcome.Retry("internal error: "
            + e.getClass().getSimpleName(), null)))
        .compose(outcome -> vertx.executeBlocking(() -> {
          record(job, outcome);
          return null;
        }, false))
        .onComplete(done -> {
          if (done.failed()) {
            // The lease runs out and another attempt follows: the at-least-once window.
            log.warn("recording the delivery of message {} failed", job.messageId(),
                done.cause());
          }
          inFlight.decrementAndGet();
          wake();
        });
  }

  private void record(SendQueue.Job job, Outcome outcome) {
    switch (outcome) {
      case Outcome.Sent sent -> queue.sent(job, sent.platformMessageId());
      case Outcome.Failed failed -> {
        log.info("message {} not delivered: {}", job.messageId(), failed.reason());
        queue.failed(job, failed.reason());
      }
      case Outcome.Retry retry -> {
        long next = System.currentTimeMillis()
            + backoff.delayMillis(job.attempts(), retry.retryAfter());
        String giveUp = backoff.exhausted(job.attempts(), job.createdAt(), next);
        if (giveUp != null) {
          log.info("message {} not delivered, {}: {}", job.messageId(), giveUp, retry.reason());
          queue.failed(job, giveUp + "; last error: " + retry.reason());
        } else {
          log.debug("message {} attempt {} will be retried: {}", job.messageId(),
              job.attempts(), retry.reason());
          queue.retry(job, retry.reason(), next);
        }
      }
    }
  }

  /**
   * Stops taking rows and completes once the messages in flight are recorded (bounded by a
   * call's timeout), so a graceful stop leaves no lease behind.
   */
  public Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    Promise<Void> done = Promise.promise();
    drained(done, System.nanoTime() + PlatformApi.TIMEOUT.plusSeconds(5).toNanos());
    return done.future();
  }

  private void drained(Promise<Void> done, long deadline) {
    if ((inFlight.get() == 0 && !polling.get()) || System.nanoTime() > deadline) {
      done.tryComplete();
    } else {
      vertx.setTimer(20, id -> drained(done, deadline));
    }
  }
}

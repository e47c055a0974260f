package dev.chatmesh.server.auth;

import dev.chatmesh.server.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool that runs password hashing (signup, login), apart from the workers that serve
 * everything else, so a flood of logins queues here and never starves the API. Bounded: past
 * {@code 32 × threads} waiting, a login is refused with 503 and {@code Retry-After}.
 */
public final class Hashing {

  private final WorkerExecutor pool;
  private final int maxWaiting;
  private final AtomicInteger inFlight = new AtomicInteger();

  /** A pool of {@code threads} threads on {@code vertx}. */
  public Hashing(Vertx vertx, int threads) {
    this.pool = vertx.createSharedWorkerExecutor("chatmesh-password", threads);
    this.maxWaiting = 32 * threads;
  }

  /** Runs {@code work} (which hashes a password) on the pool. */
  <T> Future<T> run(Callable<T> work) {
    if (inFlight.incrementAndGet() > maxWaiting) {
      inFlight.decrementAndGet();
      return Future.failedFuture(new ApiException(503, "Service Unavailable",
          "Too many logins are being checked; try again in a second.").retryAfter(1));
    }
    return pool.executeBlocking(work, false).andThen(done -> inFlight.decrementAndGet());
  }
}

package dev.chatmesh.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The publisher of the open-loop scenarios, as a business sends: a fixed number of publishes
 * offered at a fixed total rate, round-robin over the companies, each company on its own
 * connection sending one request after another — the next only after the 202 of the one before.
 * A publish falls behind its schedule when its company's previous one is not answered yet; it
 * is then sent as soon as that answer arrives. Latency still runs from the moment a publish is
 * sent ({@code @t}). Runs on one Vert.x event loop; counts into the {@link Driver}'s counters so
 * the {@link Sampler} sees these writes like any other.
 */
final class OpenLoop {

  private final Vertx vertx;
  private final Context context;
  private final Target target;
  private final Api api;
  private final List<Tenant> tenants;
  private final Tally tally;
  private final Driver counters;
  private final String pad;
  private final int payloadBytes;
  /** Per company: publishes due but not sent yet (their due times, nanoTime). */
  private final ArrayDeque<Long>[] due;
  private final boolean[] busy;
  private int answered;
  private long firstSent;
  private long lastAnswered;
  private long maxBehindNanos;

  @SuppressWarnings("unchecked")
  OpenLoop(Vertx vertx, Target target, Api api, List<Tenant> tenants, Tally tally,
           Driver counters, int payloadBytes) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.target = target;
    this.api = api;
    this.tenants = tenants;
    this.tally = tally;
    this.counters = counters;
    this.payloadBytes = payloadBytes;
    this.pad = "x".repeat(Math.max(0, payloadBytes));
    this.due = new ArrayDeque[tenants.size()];
    for (int i = 0; i < due.length; i++) {
      due[i] = new ArrayDeque<>();
    }
    this.busy = new boolean[tenants.size()];
  }

  /** What one open-loop run did: publishes answered and how long the publisher was busy. */
  record Result(int answered, double seconds, double maxBehindMillis) {
    double publishesPerSecond() {
      return answered / Math.max(seconds, 1e-9);
    }
  }

  /**
   * Offers {@code count} publishes at {@code rate} per second; completes once every one was
   * answered (or after {@code limitSeconds}).
   */
  Future<Result> run(int count, double rate, double limitSeconds) {
    Promise<Result> done = Promise.promise();
    context.runOnContext(v -> {
      long start = System.nanoTime();
      long limit = start + (long) (limitSeconds * 1e9);
      int[] offered = {0};
      vertx.setPeriodic(1, timer -> {
        long now = System.nanoTime();
        long dueNow = Math.min(count, (long) ((now - start) / 1e9 * rate) + 1);
        while (offered[0] < dueNow) {
          int company = offered[0] % tenants.size();
          due[company].add(start + (long) (offered[0] / rate * 1e9));
          offered[0]++;
          next(company);
        }
        if (answered + counters.failed.get() >= count || now >= limit) {
          vertx.cancelTimer(timer);
          done.complete(new Result(answered, (lastAnswered - firstSent) / 1e9,
              maxBehindNanos / 1e6));
        }
      });
    });
    return done.future();
  }

  /** Sends the company's next due publish unless one of its publishes is still unanswered. */
  private void next(int company) {
    if (busy[company] || due[company].isEmpty()) {
      return;
    }
    long dueAt = due[company].poll();
    busy[company] = true;
    Tenant tenant = tenants.get(company);
    long seq = tenant.nextSeq++;
    long sentAt = System.nanoTime();
    if (firstSent == 0) {
      firstSent = sentAt;
    }
    maxBehindNanos = Math.max(maxBehindNanos, sentAt - dueAt);
    String head = "{\"m\":\"@t" + sentAt + "@s" + seq + "\",\"pad\":\"";
    int padding = Math.max(0, payloadBytes - head.length() - 2);
    counters.sent.incrementAndGet();
    target.publish(api, tenant, seq, head + pad.substring(0, padding) + "\"}")
        .onComplete(result -> {
          long now = System.nanoTime();
          busy[company] = false;
          if (result.succeeded()) {
            tally.acknowledged(now - sentAt);
            counters.acknowledged.incrementAndGet();
            tenant.acknowledged(result.result());
            answered++;
            lastAnswered = now;
          } else {
            counters.failed.incrementAndGet();
            if (counters.errors.size() < 5) {
              counters.errors.add(String.valueOf(result.cause().getMessage()));
            }
          }
          next(company);
        });
  }
}

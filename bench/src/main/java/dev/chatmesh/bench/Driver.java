package dev.chatmesh.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives the writes: publishes (or REST customer updates) round-robin over the companies,
 * either at a fixed rate (open loop) or as fast as the streams take them (closed loop: a new
 * event only while fewer than a window of frames are still on their way). Each write carries
 * {@code @t<nanoTime>} for the latency histogram and {@code @s<n>}, the company's own counter.
 * Runs on one Vert.x event loop.
 */
final class Driver {

  private static final int MAX_IN_FLIGHT = 256;

  private final Vertx vertx;
  private final Context context;
  private final Target target;
  private final Api api;
  private final List<Tenant> tenants;
  private final Tally tally;
  private final boolean rest;
  private final String pad;
  private final int payloadBytes;
  final AtomicLong sent = new AtomicLong();
  final AtomicLong acknowledged = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  final AtomicLong skipped = new AtomicLong();
  final List<String> errors = new ArrayList<>();
  private volatile boolean stopped;
  private int inFlight;
  private long expectedFrames;
  private int cursor;

  Driver(Vertx vertx, Target target, Api api, List<Tenant> tenants, Tally tally, boolean rest,
         int payloadBytes) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.target = target;
    this.api = api;
    this.tenants = tenants;
    this.tally = tally;
    this.rest = rest;
    this.payloadBytes = payloadBytes;
    this.pad = "x".repeat(Math.max(0, payloadBytes));
  }

  /**
   * Writes for {@code seconds}: {@code rate} per second, or when {@code rate} is 0 as fast as
   * the streams keep up with at most {@code windowFrames} frames outstanding. Completes once
   * the last write was answered.
   */
  Future<Void> run(double rate, long windowFrames, double seconds) {
    Promise<Void> done = Promise.promise();
    stopped = false;
    context.runOnContext(v -> {
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      expectedFrames = tally.frames.sum();
      long[] started = {0};
      vertx.setPeriodic(1, timer -> {
        long now = System.nanoTime();
        if (now >= end || stopped) {
          vertx.cancelTimer(timer);
          whenIdle(done);
          return;
        }
        if (rate > 0) {
          long due = (long) ((now - start) / 1e9 * rate);
          while (started[0] < due) {
            started[0]++;
            if (inFlight >= MAX_IN_FLIGHT) {
              skipped.incrementAndGet();
              continue;
            }
            write();
          }
        } else {
          long outstanding = expectedFrames - tally.frames.sum();
          while (outstanding < windowFrames && inFlight < MAX_IN_FLIGHT) {
            Tenant tenant = write();
            if (tenant == null) {
              break;
            }
            outstanding += tenant.streams;
          }
        }
      });
    });
    return done.future();
  }

  /** Ends the current {@link #run} early. */
  void stop() {
    stopped = true;
  }

  /** Writes once to every company (a liveness check after an idle hold). */
  Future<Void> once() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      for (int i = 0; i < tenants.size(); i++) {
        write();
      }
      whenIdle(done);
    });
    return done.future();
  }

  private void whenIdle(Promise<Void> done) {
    if (inFlight == 0) {
      done.tryComplete();
    } else {
      vertx.setTimer(5, t -> whenIdle(done));
    }
  }

  private Tenant write() {
    Tenant tenant = tenants.get(cursor++ % tenants.size());
    long[] customer = null;
    if (rest) {
      customer = idleCustomer(tenant);
      if (customer == null) {
        skipped.incrementAndGet();
        return null;
      }
      customer[2] = 1;
    }
    long seq = tenant.nextSeq++;
    long sentAt = System.nanoTime();
    String marker = "@t" + sentAt + "@s" + seq;
    Future<Long> write;
    if (rest) {
      write = target.update(api, tenant, customer, seq, marker);
    } else {
      String head = "{\"m\":\"" + marker + "\",\"pad\":\"";
      int padding = Math.max(0, payloadBytes - head.length() - 2);
      write = target.publish(api, tenant, seq, head + pad.substring(0, padding) + "\"}");
    }
    inFlight++;
    sent.incrementAndGet();
    expectedFrames += tenant.streams;
    long[] busy = customer;
    write.onComplete(result -> {
      inFlight--;
      if (busy != null) {
        busy[2] = 0;
      }
      if (result.succeeded()) {
        tally.acknowledged(System.nanoTime() - sentAt);
        acknowledged.incrementAndGet();
        if (result.result() >= 0) {
          tenant.acknowledged(result.result());
        }
      } else {
        failed.incrementAndGet();
        if (errors.size() < 5) {
          errors.add(String.valueOf(result.cause().getMessage()));
        }
      }
    });
    return tenant;
  }

  private static long[] idleCustomer(Tenant tenant) {
    for (long[] customer : tenant.customers) {
      if (customer[2] == 0) {
        return customer;
      }
    }
    return null;
  }
}

package dev.chatmesh.realtime;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Compares, periodically, each active company's committed head with what this node delivered,
 * so that an event whose publish was lost (a crash between commit and publish, a dropped
 * broker message) still reaches every stream. While the broker is away this is how events
 * travel between nodes, so the heads are then read every {@link #DEGRADED} instead.
 */
final class Relay {

  /** How often heads are read while the broker is disconnected. */
  static final Duration DEGRADED = Duration.ofMillis(100);

  private static final Logger log = LoggerFactory.getLogger(Relay.class);

  private final Vertx vertx;
  private final HistoryReads reads;
  private final Channels channels;
  private final BooleanSupplier brokerConnected;
  private final long ticksPerRun;
  private final long timer;
  private long ticks;
  private boolean reading;

  Relay(Vertx vertx, HistoryReads reads, Channels channels, Duration interval,
        BooleanSupplier brokerConnected) {
    this.vertx = vertx;
    this.reads = reads;
    this.channels = channels;
    this.brokerConnected = brokerConnected;
    long tick = Math.min(interval.toMillis(), DEGRADED.toMillis());
    this.ticksPerRun = Math.max(1, interval.toMillis() / tick);
    this.timer = vertx.setPeriodic(tick, id -> tick());
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  // Timer callbacks run on one context, so ticks and reading need no lock.
  private void tick() {
    ticks++;
    if (reading || (ticks % ticksPerRun != 0 && brokerConnected.getAsBoolean())) {
      return;
    }
    List<Long> ids = channels.companyIds();
    if (ids.isEmpty()) {
      return;
    }
    reading = true;
    reads.heads(ids).onComplete(result -> {
      reading = false;
      if (result.failed()) {
        log.warn("relay could not read company heads", result.cause());
        return;
      }
      result.result().forEach((companyId, head) -> {
        Channel channel = channels.get(companyId);
        if (channel != null) {
          channel.observeHead(head);
        }
      });
    });
  }
}

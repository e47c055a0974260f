package dev.chatmesh.realtime;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Compares, periodically, each active company's committed head with what this node delivered,
 * so that an event whose publish was lost (a crash between commit and publish, a dropped
 * broker message) still reaches every stream.
 */
final class Relay {

  private static final Logger log = LoggerFactory.getLogger(Relay.class);

  private final Vertx vertx;
  private final HistoryReads reads;
  private final Channels channels;
  private final long timer;

  Relay(Vertx vertx, HistoryReads reads, Channels channels, Duration interval) {
    this.vertx = vertx;
    this.reads = reads;
    this.channels = channels;
    this.timer = vertx.setPeriodic(interval.toMillis(), id -> run());
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  private void run() {
    List<Long> ids = channels.companyIds();
    if (ids.isEmpty()) {
      return;
    }
    reads.heads(ids).onComplete(result -> {
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

package dev.chatmesh.realtime;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Collection;
import java.util.Map;

/**
 * Runs {@link History}'s blocking reads on worker threads (unordered: reads of different
 * streams need not wait for each other); each future completes on the caller's context.
 */
final class HistoryReads {

  private final Vertx vertx;
  private final History history;

  HistoryReads(Vertx vertx, History history) {
    this.vertx = vertx;
    this.history = history;
  }

  Future<History.Page> read(long companyId, Long after, int limit) {
    return vertx.executeBlocking(() -> history.read(companyId, after, limit), false);
  }

  Future<Map<Long, Long>> heads(Collection<Long> companyIds) {
    return vertx.executeBlocking(() -> history.heads(companyIds), false);
  }
}

package dev.chatmesh.server;

import dev.chatmesh.server.http.Blocking;
import dev.chatmesh.server.http.Problems;
import dev.chatmesh.server.store.Database;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code /health/live}, {@code /health/ready} (the database answers and the node is not
 * draining after SIGTERM: a load balancer stops sending it new work) and {@code /metrics}.
 */
final class Health {

  private final Database db;
  private final PrometheusMeterRegistry metrics;
  private final BooleanSupplier draining;

  Health(Database db, PrometheusMeterRegistry metrics, BooleanSupplier draining) {
    this.db = db;
    this.metrics = metrics;
    this.draining = draining;
  }

  void mount(Router router) {
    router.get("/health/live").handler(ctx -> Blocking.send(ctx, 200, Map.of("status", "UP")));
    router.get("/health/ready").handler(this::ready);
    router.get("/metrics").handler(this::scrape);
    for (String path : new String[] {"/health/live", "/health/ready", "/metrics"}) {
      router.route(path).handler(Problems.allowOnly("GET"));
    }
  }

  private void ready(RoutingContext ctx) {
    if (draining.getAsBoolean()) {
      Blocking.send(ctx, 503, Map.of("status", "DRAINING"));
      return;
    }
    Blocking.run(ctx, db::ping).onComplete(result -> {
      boolean up = result.succeeded() && result.result();
      Blocking.send(ctx, up ? 200 : 503, Map.of("status", up ? "UP" : "DOWN"));
    });
  }

  private void scrape(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.scrape());
  }
}

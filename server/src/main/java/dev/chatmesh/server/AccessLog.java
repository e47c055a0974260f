package dev.chatmesh.server;

import dev.chatmesh.server.auth.Member;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One access line per answered request (logger {@code dev.chatmesh.access}: method, path,
 * status, duration, company) and the {@code http_server_requests} timer. The path is logged
 * without its query and no header is logged, so tokens, API keys and webhook signatures never
 * reach the log; the timer is tagged with the template of the route that answered (so ids do
 * not multiply series), {@code other} when the error handler or the web app answered.
 */
final class AccessLog {

  private static final Logger log = LoggerFactory.getLogger("dev.chatmesh.access");

  private final MeterRegistry metrics;

  AccessLog(MeterRegistry metrics) {
    this.metrics = metrics;
  }

  /** The first handler of every request. */
  void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(done -> {
      long nanos = System.nanoTime() - start;
      int status = ctx.response().getStatusCode();
      String method = ctx.request().method().name();
      Route route = ctx.currentRoute();
      String template = route == null || route.getPath() == null ? "other" : route.getPath();
      Timer.builder("http.server.requests").description("HTTP requests, until the answer ended")
          .tag("method", method).tag("route", template)
          .tag("status", Integer.toString(status)).register(metrics)
          .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
      if (log.isInfoEnabled()) {
        Long company = Member.companyIdOrNull(ctx);
        long millis = nanos / 1_000_000;
        log.atInfo().addKeyValue("method", method).addKeyValue("path", ctx.request().path())
            .addKeyValue("status", status).addKeyValue("durationMs", millis)
            .addKeyValue("companyId", company)
            .log("{} {} {} {} ms company {}", method, ctx.request().path(), status, millis,
                company == null ? "-" : company);
      }
    });
    ctx.next();
  }
}

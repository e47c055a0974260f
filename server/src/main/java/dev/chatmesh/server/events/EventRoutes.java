package dev.chatmesh.server.events;

import dev.chatmesh.realtime.Hub;
import dev.chatmesh.realtime.Poller;
import dev.chatmesh.realtime.StreamRequest;
import dev.chatmesh.realtime.TopicFilter;
import dev.chatmesh.realtime.VertxSink;
import dev.chatmesh.realtime.Wire;
import dev.chatmesh.server.auth.Member;
import dev.chatmesh.server.http.ApiException;
import dev.chatmesh.server.http.Blocking;
import dev.chatmesh.server.http.Problems;
import dev.chatmesh.server.http.Query;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code GET /api/events/stream} (SSE), {@code GET /api/events} (polling and long-polling) and
 * {@code GET /api/events/stats} (admins).
 */
public final class EventRoutes {

  /** The longest a long-poll may be held ({@code wait}, in seconds). */
  public static final int MAX_WAIT_SECONDS = 30;

  private static final Pattern TOPICS = Pattern.compile("^[a-z][a-z0-9_.:-]{0,63}"
      + "(,[a-z][a-z0-9_.:-]{0,63}){0,31}$");

  private final Hub hub;
  private final Poller poller;

  /** Serves the realtime endpoints from {@code hub}. */
  public EventRoutes(Hub hub) {
    this.hub = hub;
    this.poller = hub.poller();
  }

  /** Mounts the routes (behind the membership check). */
  public void mount(Router router) {
    router.get("/api/events/stream").handler(this::stream);
    router.get("/api/events/stats").handler(this::stats);
    router.get("/api/events").handler(this::poll);
    router.route("/api/events/stream").handler(Problems.allowOnly("GET"));
    router.route("/api/events/stats").handler(Problems.allowOnly("GET"));
    router.route("/api/events").handler(Problems.allowOnly("GET"));
  }

  private void stream(RoutingContext ctx) {
    Member member = Member.of(ctx);
    Long lastEventId = lastEventId(ctx);
    StreamRequest request = new StreamRequest(member.companyId(), member.employeeId(),
        member.principal().accountId(), member.principal().sessionId(), topics(ctx), lastEventId,
        member.principal().expiresAt(), "event".equals(ctx.request().getParam("ping")));
    Hub.Opened opened = hub.open(request, VertxSink.of(ctx.request()));
    if (opened != Hub.Opened.OPENED) {
      ctx.fail(limitReached(opened));
    }
  }

  private static ApiException limitReached(Hub.Opened which) {
    return new ApiException(429, "Too Many Requests", which == Hub.Opened.ACCOUNT_LIMIT
        ? "This account has too many open streams and waiting polls; close one (another tab?) "
            + "first."
        : "This company has too many open streams and waiting polls.");
  }

  private void poll(RoutingContext ctx) {
    Member member = Member.of(ctx);
    Long after = Query.optionalLong(ctx, "after", 0, Long.MAX_VALUE);
    Long limit = Query.optionalLong(ctx, "limit", 1, 1000);
    Long wait = Query.optionalLong(ctx, "wait", 0, MAX_WAIT_SECONDS);
    StreamRequest caller = new StreamRequest(member.companyId(), member.employeeId(),
        member.principal().accountId(), member.principal().sessionId(), topics(ctx), after,
        member.principal().expiresAt(), false);
    Poller.Request request = new Poller.Request(caller, limit == null ? 100 : limit.intValue(),
        Duration.ofSeconds(wait == null ? 0 : wait));
    poller.poll(request).onComplete(result -> {
      if (result.failed()) {
        ctx.fail(result.cause() instanceof Hub.LimitReached reached ? limitReached(reached.which())
            : result.cause());
        return;
      }
      if (ctx.response().closed()) {
        return;
      }
      if (result.result().revoked() != null) {
        ctx.fail(revoked(result.result().revoked()));
        return;
      }
      ctx.response().putHeader("Content-Type", "application/json")
          .putHeader("Cache-Control", "no-store")
          .end(Wire.page(result.result()));
    });
  }

  private void stats(RoutingContext ctx) {
    Member member = Member.of(ctx).requireAdmin();
    Hub.CompanyStats local = hub.stats(member.companyId());
    Hub.ClusterStats stats = hub.clusterStats(member.companyId());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("companyId", member.companyId());
    body.put("streams", stats.streams());
    Map<String, Integer> byMember = new LinkedHashMap<>();
    new java.util.TreeMap<>(stats.streamsByMember())
        .forEach((id, n) -> byMember.put(Long.toString(id), n));
    body.put("streamsByEmployee", byMember);
    body.put("lastDeliveredId", Long.toString(local.lastDeliveredId()));
    body.put("scope", "cluster");
    body.put("node", hub.nodeId());
    body.put("nodes", stats.nodes().entrySet().stream()
        .map(e -> Map.of("node", e.getKey(), "streams", e.getValue())).toList());
    Blocking.send(ctx, 200, body);
  }

  /** The answer to a poll whose caller lost access while it was held, as a stream's reasons. */
  private static ApiException revoked(String reason) {
    return ApiException.unauthorized(switch (reason) {
      case "token_expired" -> "The session expired while the poll was held; log in again.";
      case "membership_ended" -> "You are no longer a member of this company.";
      default -> "The session was logged out while the poll was held.";
    } + " (revoked: " + reason + ")");
  }

  private static TopicFilter topics(RoutingContext ctx) {
    String raw = ctx.request().getParam("topics");
    if (raw != null && !raw.isEmpty() && !TOPICS.matcher(raw).matches()) {
      throw ApiException.badRequest("topics must be a comma-separated list of topic names.");
    }
    return TopicFilter.parse(raw);
  }

  private static Long lastEventId(RoutingContext ctx) {
    String raw = ctx.request().getHeader("Last-Event-ID");
    if (raw == null || raw.isBlank()) {
      raw = ctx.request().getParam("lastEventId");
    }
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      long id = Long.parseLong(raw.strip());
      if (id >= 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest("Last-Event-ID must be an event id (a decimal number).");
  }
}

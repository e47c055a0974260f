package dev.chatmesh.server.crm;

import dev.chatmesh.server.auth.Member;
import dev.chatmesh.server.http.ApiException;
import dev.chatmesh.server.http.Blocking;
import dev.chatmesh.server.http.Json;
import dev.chatmesh.server.http.Problems;
import dev.chatmesh.server.http.Query;
import dev.chatmesh.server.store.Activity;
import dev.chatmesh.server.store.Store;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * {@code /api/activities}: the company's audit feed, newest first. Lines are written by the
 * changes themselves, so the API only lists and reads them: an audit line that anyone could
 * edit or delete would not be one.
 */
public final class Activities {

  private static final String SELECT = "SELECT id, entity_type, entity_id, action, description, "
      + "actor_id, actor_name, created_at FROM activities";

  private final Store store;

  /** Serves the feed from {@code store}. */
  public Activities(Store store) {
    this.store = store;
  }

  /** Mounts the routes (behind the membership check). */
  public void mount(Router router) {
    router.get("/api/activities").handler(this::list);
    router.get("/api/activities/:id").handler(this::read);
    router.route("/api/activities").handler(Problems.allowOnly("GET"));
    router.route("/api/activities/:id").handler(Problems.allowOnly("GET"));
  }

  private void list(RoutingContext ctx) {
    Member member = Member.of(ctx);
    Query.Page page = Query.page(ctx);
    String entityType = Query.optionalText(ctx, "entityType", 64);
    Long entityId = Query.optionalLong(ctx, "entityId", 1, Long.MAX_VALUE);
    String where = " WHERE company_id = :company"
        + (entityType == null ? "" : " AND entity_type = :type")
        + (entityId == null ? "" : " AND entity_id = :entity")
        + (page.q() == null ? "" : " AND LOWER(description) LIKE :q ESCAPE '!'");
    Blocking.respond(ctx, 200, () -> store.read(handle -> {
      var count = handle.createQuery("SELECT COUNT(*) FROM activities" + where)
          .bind("company", member.companyId());
      var items = handle.createQuery(SELECT + where + " ORDER BY id DESC LIMIT :limit OFFSET "
              + ":offset")
          .bind("company", member.companyId())
          .bind("limit", page.limit()).bind("offset", page.offset());
      for (var query : java.util.List.of(count, items)) {
        if (entityType != null) {
          query.bind("type", entityType);
        }
        if (entityId != null) {
          query.bind("entity", entityId);
        }
        if (page.q() != null) {
          query.bind("q", page.like());
        }
      }
      return new Listing<>(items.map((rs, c) -> map(rs)).list(), count.mapTo(Long.class).one(),
          page.limit(), page.offset());
    }));
  }

  private void read(RoutingContext ctx) {
    Member member = Member.of(ctx);
    long id = Query.pathId(ctx, "id", "Activity");
    Blocking.respond(ctx, 200, () -> store.read(handle -> handle.createQuery(SELECT
            + " WHERE company_id = :company AND id = :id")
        .bind("company", member.companyId()).bind("id", id)
        .map((rs, c) -> map(rs)).findOne()
        .orElseThrow(() -> ApiException.notFound("Activity"))));
  }

  private static Activity map(ResultSet rs) throws SQLException {
    long actor = rs.getLong("actor_id");
    Long actorId = rs.wasNull() ? null : actor;
    return new Activity(rs.getLong("id"), rs.getString("entity_type"), rs.getLong("entity_id"),
        rs.getString("action"), rs.getString("description"), actorId,
        rs.getString("actor_name"), Json.timestamp(rs.getLong("created_at")));
  }
}

package dev.chatmesh.server.crm;

import dev.chatmesh.server.auth.Member;
import dev.chatmesh.server.http.ApiException;
import dev.chatmesh.server.http.Blocking;
import dev.chatmesh.server.http.Problems;
import dev.chatmesh.server.http.Query;
import dev.chatmesh.server.json.Json;
import dev.chatmesh.server.store.Activity;
import dev.chatmesh.server.store.Store;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.sql.ResultSet;
import java.util.Map;
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
    Filter filter = Filter.where("company_id = :company", Map.of("company", member.companyId()))
        .andIf(Query.optionalText(ctx, "entityType", 64), "entity_type = :type", "type")
        .andIf(Query.optionalLong(ctx, "entityId", 1, Long.MAX_VALUE), "entity_id = :entity",
            "entity")
        .search(page, "description");
    Blocking.respond(ctx, 200, () -> store.read(handle -> filter.page(handle, SELECT,
        "activities", "id DESC", page, (rs, c) -> map(rs))));
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

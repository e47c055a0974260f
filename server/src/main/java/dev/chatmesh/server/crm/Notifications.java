package dev.chatmesh.server.crm;

import dev.chatmesh.server.auth.Member;
import dev.chatmesh.server.http.ApiException;
import dev.chatmesh.server.http.Blocking;
import dev.chatmesh.server.http.Input;
import dev.chatmesh.server.http.Problems;
import dev.chatmesh.server.http.Query;
import dev.chatmesh.server.json.Json;
import dev.chatmesh.server.store.Catalog;
import dev.chatmesh.server.store.Store;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.util.Map;
import java.sql.SQLException;
import java.util.Optional;

/**
 * {@code /api/notifications}: members send notices to one colleague or to everyone; each
 * member sees only those for everyone and those addressed to them, over REST as over the
 * stream. A notification once sent is not edited; its recipient (or an admin, for company-wide
 * ones) dismisses it by deleting it.
 */
public final class Notifications {

  private static final String SELECT = "SELECT id, kind, title, message, action_url, group_key, "
      + "recipient_id, created_at FROM notifications";
  private static final String VISIBLE = " WHERE company_id = :company AND (recipient_id IS NULL "
      + "OR recipient_id = :me)";

  private final Store store;

  /** Serves notifications from {@code store}. */
  public Notifications(Store store) {
    this.store = store;
  }

  /** Mounts the routes (behind the membership check). */
  public void mount(Router router) {
    router.get("/api/notifications").handler(this::list);
    router.post("/api/notifications").handler(this::create);
    router.get("/api/notifications/:id").handler(this::read);
    router.delete("/api/notifications/:id").handler(this::remove);
    router.route("/api/notifications").handler(Problems.allowOnly("GET", "POST"));
    router.route("/api/notifications/:id").handler(Problems.allowOnly("GET", "DELETE"));
  }

  private void list(RoutingContext ctx) {
    Member member = Member.of(ctx);
    Query.Page page = Query.page(ctx);
    Filter filter = Filter.where("company_id = :company AND (recipient_id IS NULL OR "
            + "recipient_id = :me)", Map.of("company", member.companyId(),
            "me", member.employeeId()))
        .search(page, "title", "message");
    Blocking.respond(ctx, 200, () -> store.read(handle -> filter.page(handle, SELECT,
        "notifications", "id DESC", page, (rs, c) -> map(rs))));
  }


  private void read(RoutingContext ctx) {
    Member member = Member.of(ctx);
    long id = Query.pathId(ctx, "id", "Notification");
    Blocking.respond(ctx, 200, () -> store.read(handle -> find(handle, member, id)
        .orElseThrow(() -> ApiException.notFound("Notification"))));
  }

  private void create(RoutingContext ctx) {
    Member member = Member.of(ctx);
    Input in = Input.of(ctx);
    String kind = in.oneOf("kind", false, "info", "urgent");
    String title = in.text("title", true, 200);
    String message = in.text("message", false, 2000);
    String actionUrl = in.text("actionUrl", false, 2000);
    String groupKey = in.text("groupKey", false, 200);
    Long recipientId = in.id("recipientId", false);
    in.validate();
    Blocking.respond(ctx, 201, () -> store.change(member.companyId(), member.actor(), change -> {
      Handle handle = change.handle();
      Employees.requireActive(handle, member.companyId(), recipientId, "recipientId");
      long id = handle.createQuery("INSERT INTO notifications (company_id, kind, title, message, "
              + "action_url, group_key, recipient_id, created_by, created_at) VALUES (:company, "
              + ":kind, :title, :message, :url, :group, :recipient, :by, :now) RETURNING id")
          .bind("company", member.companyId()).bind("kind", kind == null ? "info" : kind)
          .bind("title", title).bind("message", message).bind("url", actionUrl)
          .bind("group", groupKey).bind("recipient", recipientId)
          .bind("by", member.employeeId()).bind("now", change.now())
          .mapTo(Long.class).one();
      Notification created = new Notification(id, kind == null ? "info" : kind, title, message,
          actionUrl, groupKey, recipientId, Json.timestamp(change.now()));
      change.emit(Catalog.NOTIFICATION_CREATED, created, recipientId);
      return created;
    }));
  }

  private void remove(RoutingContext ctx) {
    Member member = Member.of(ctx);
    long id = Query.pathId(ctx, "id", "Notification");
    Blocking.respond(ctx, 204, () -> store.change(member.companyId(), member.actor(), change -> {
      Notification current = find(change.handle(), member, id)
          .orElseThrow(() -> ApiException.notFound("Notification"));
      if (current.recipientId() == null && !member.membership().isAdmin()) {
        throw ApiException.forbidden("Only admins may delete a notification sent to everyone.");
      }
      change.handle().createUpdate("DELETE FROM notifications WHERE id = :id AND company_id = "
          + ":company").bind("id", id).bind("company", member.companyId()).execute();
      change.emit(Catalog.NOTIFICATION_DELETED, Map.of("id", id), current.recipientId());
      return null;
    }));
  }

  private static Optional<Notification> find(Handle handle, Member member, long id) {
    return handle.createQuery(SELECT + VISIBLE + " AND id = :id")
        .bind("company", member.companyId()).bind("me", member.employeeId()).bind("id", id)
        .map((rs, c) -> map(rs)).findOne();
  }

  private static Notification map(ResultSet rs) throws SQLException {
    long recipient = rs.getLong("recipient_id");
    Long recipientId = rs.wasNull() ? null : recipient;
    return new Notification(rs.getLong("id"), rs.getString("kind"), rs.getString("title"),
        rs.getString("message"), rs.getString("action_url"), rs.getString("group_key"),
        recipientId, Json.timestamp(rs.getLong("created_at")));
  }
}

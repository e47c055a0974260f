package dev.chatmesh.server.inbox;

import dev.chatmesh.server.auth.Member;
import dev.chatmesh.server.crm.Customer;
import dev.chatmesh.server.crm.Customers;
import dev.chatmesh.server.crm.Employees;
import dev.chatmesh.server.crm.Filter;
import dev.chatmesh.server.crm.Listing;
import dev.chatmesh.server.crm.Versions;
import dev.chatmesh.server.http.ApiException;
import dev.chatmesh.server.http.Blocking;
import dev.chatmesh.server.http.Input;
import dev.chatmesh.server.http.Problems;
import dev.chatmesh.server.http.Query;
import dev.chatmesh.server.store.Catalog;
import dev.chatmesh.server.store.Change;
import dev.chatmesh.server.store.Store;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code /api/conversations}: every member lists and reads the company's threads, changes
 * their status and assignee, and marks them read. Unread counts are the team's: a thread's
 * customer messages since any member last read it.
 */
public final class Conversations {

  private static final String FROM = "conversations cv JOIN customers cu ON cu.id = cv.customer_id";

  private final Store store;

  /** Serves conversations from {@code store}. */
  public Conversations(Store store) {
    this.store = store;
  }

  /** Mounts the routes (behind the membership check). */
  public void mount(Router router) {
    router.get("/api/conversations").handler(this::list);
    router.get("/api/conversations/:id").handler(this::read);
    router.put("/api/conversations/:id").handler(this::update);
    router.patch("/api/conversations/:id").handler(this::update);
    router.post("/api/conversations/:id/read").handler(this::markRead);
    router.route("/api/conversations").handler(Problems.allowOnly("GET"));
    router.route("/api/conversations/:id").handler(Problems.allowOnly("GET", "PUT", "PATCH"));
    router.route("/api/conversations/:id/read").handler(Problems.allowOnly("POST"));
  }

  /** The company's conversation {@code id}, its customer embedded. */
  public static Optional<Conversation> find(Handle handle, long companyId, long id) {
    return handle.createQuery(Conversation.SELECT + " WHERE cv.company_id = :company AND "
            + "cv.id = :id")
        .bind("company", companyId).bind("id", id).map((rs, ctx) -> Conversation.map(rs))
        .findOne().map(c -> c.with(Customers.find(handle, companyId, c.customerId())
            .orElseThrow()));
  }

  /**
   * Records {@code message} as the conversation's latest and announces the conversation's new
   * state ({@code conversation_updated}). A customer's message counts as unread for the team
   * and reopens a closed conversation.
   */
  public static Conversation recordMessage(Change change, long conversationId, Message message,
                                           long sentAtMillis) {
    boolean fromCustomer = "customer".equals(message.sender());
    change.handle().createUpdate("UPDATE conversations SET "
            + "last_message_at = CASE WHEN last_message_at IS NULL OR last_message_at <= :sent "
            + "THEN :sent ELSE last_message_at END, "
            + "last_message_preview = CASE WHEN last_message_at IS NULL OR last_message_at <= "
            + ":sent THEN :preview ELSE last_message_preview END, "
            + (fromCustomer ? "unread_count = unread_count + 1, status = 'open', "
                + "last_customer_message_at = :sent, " : "")
            + "updated_at = :now, version = version + 1 WHERE id = :id AND company_id = :company")
        .bind("sent", sentAtMillis).bind("preview", preview(message.content()))
        .bind("now", change.now()).bind("id", conversationId)
        .bind("company", change.companyId()).execute();
    Conversation updated = find(change.handle(), change.companyId(), conversationId)
        .orElseThrow();
    change.emit(Catalog.CONVERSATION_UPDATED, updated);
    return updated;
  }

  /** The first line of {@code content}, cut to 140 characters, as list previews show it. */
  static String preview(String content) {
    String line = content.strip().lines().findFirst().orElse("");
    return line.codePointCount(0, line.length()) <= 140 ? line
        : line.substring(0, line.offsetByCodePoints(0, 139)) + "…";
  }

  private void list(RoutingContext ctx) {
    Member member = Member.of(ctx);
    Query.Page page = Query.page(ctx);
    String status = Query.optionalOneOf(ctx, "status", "open", "pending", "closed");
    Long assignee = Query.optionalLong(ctx, "assigneeId", 1, Long.MAX_VALUE);
    String unassigned = Query.optionalOneOf(ctx, "unassigned", "true", "false");
    String unread = Query.optionalOneOf(ctx, "unread", "true", "false");
    Filter filter = Filter.where("cv.company_id = :company", Map.of("company", member.companyId()))
        .andIf(status, "cv.status = :status", "status")
        .andIf(assignee, "cv.assignee_id = :assignee", "assignee")
        .andIf(Query.optionalLong(ctx, "channelId", 1, Long.MAX_VALUE),
            "cv.channel_id = :channel", "channel")
        .andIf(Query.optionalLong(ctx, "customerId", 1, Long.MAX_VALUE),
            "cv.customer_id = :customer", "customer");
    if (unassigned != null) {
      filter.and("cv.assignee_id IS " + ("true".equals(unassigned) ? "" : "NOT ") + "NULL",
          Map.of());
    }
    if (unread != null) {
      filter.and("cv.unread_count " + ("true".equals(unread) ? "> 0" : "= 0"), Map.of());
    }
    if (page.q() != null) {
      filter.and("(LOWER(cu.name) LIKE :q ESCAPE '!' OR EXISTS (SELECT 1 FROM messages sm "
          + "WHERE sm.conversation_id = cv.id AND LOWER(sm.content) LIKE :q ESCAPE '!'))",
          Map.of("q", page.like()));
    }
    Blocking.respond(ctx, 200, () -> store.read(handle -> {
      Listing<Conversation> rows = filter.page(handle, Conversation.SELECT
              + " JOIN customers cu ON cu.id = cv.customer_id", FROM,
          "COALESCE(cv.last_message_at, cv.created_at) DESC, cv.id DESC", page,
          (rs, c) -> Conversation.map(rs));
      return new Listing<>(withCustomers(handle, member.companyId(), rows.items()),
          rows.total(), rows.limit(), rows.offset());
    }));
  }

  private void read(RoutingContext ctx) {
    Member member = Member.of(ctx);
    long id = Query.pathId(ctx, "id", "Conversation");
    Blocking.respond(ctx, 200, () -> store.read(handle -> find(handle, member.companyId(), id)
        .orElseThrow(() -> ApiException.notFound("Conversation"))));
  }

  private void update(RoutingContext ctx) {
    Member member = Member.of(ctx);
    long id = Query.pathId(ctx, "id", "Conversation");
    Input in = Input.of(ctx);
    int expected = Versions.expected(ctx, in);
    String status = in.oneOf("status", false, "open", "pending", "closed");
    Long assignee = in.id("assigneeId", false);
    in.validate();
    Blocking.respond(ctx, 200, () -> store.change(member.companyId(), member.actor(), change -> {
      Handle handle = change.handle();
      Conversation current = find(handle, member.companyId(), id)
          .orElseThrow(() -> ApiException.notFound("Conversation"));
      Versions.check("conversation", current.version(), expected);
      Employees.requireActive(handle, member.companyId(), assignee, "assigneeId");
      String newStatus = status != null ? status : current.status();
      Long newAssignee = in.has("assigneeId") ? assignee : current.assigneeId();
      handle.createUpdate("UPDATE conversations SET status = :status, assignee_id = :assignee, "
              + "updated_at = :now, version = version + 1 WHERE id = :id AND company_id = :company")
          .bind("status", newStatus).bind("assignee", newAssignee).bind("now", change.now())
          .bind("id", id).bind("company", member.companyId()).execute();
      Conversation updated = find(handle, member.companyId(), id).orElseThrow();
      change.emit(Catalog.CONVERSATION_UPDATED, updated);
      String who = member.membership().name();
      String customer = updated.customer().name();
      if (!newStatus.equals(current.status())) {
        change.activity("conversation", id, newStatus.equals("open") ? "reopened" : newStatus,
            who + " marked the conversation with " + customer + " " + newStatus);
      }
      if (!Objects.equals(newAssignee, current.assigneeId())) {
        change.activity("conversation", id, "assigned", updated.assignee() == null
            ? who + " unassigned the conversation with " + customer
            : who + " assigned the conversation with " + customer + " to "
                + updated.assignee().name());
      }
      return updated;
    }));
  }

  /**
   * Marks the conversation read for the whole team. Reading is not an activity (it would flood
   * the feed); the unread count's change is announced like any other.
   */
  private void markRead(RoutingContext ctx) {
    Member member = Member.of(ctx);
    long id = Query.pathId(ctx, "id", "Conversation");
    Blocking.respond(ctx, 200, () -> store.change(member.companyId(), member.actor(), change -> {
      Conversation current = find(change.handle(), member.companyId(), id)
          .orElseThrow(() -> ApiException.notFound("Conversation"));
      if (current.unreadCount() == 0) {
        return current;
      }
      change.handle().createUpdate("UPDATE conversations SET unread_count = 0, updated_at = "
              + ":now, version = version + 1 WHERE id = :id AND company_id = :company")
          .bind("now", change.now()).bind("id", id).bind("company", member.companyId())
          .execute();
      Conversation updated = find(change.handle(), member.companyId(), id).orElseThrow();
      change.emit(Catalog.CONVERSATION_UPDATED, updated);
      return updated;
    }));
  }

  /** {@code conversations} with their customers embedded, read in one query. */
  static List<Conversation> withCustomers(Handle handle, long companyId,
                                          List<Conversation> conversations) {
    Map<Long, Customer> customers = Customers.findAll(handle, companyId,
        conversations.stream().map(Conversation::customerId).distinct().toList());
    return conversations.stream().map(c -> c.with(customers.get(c.customerId()))).toList();
  }
}

package dev.chatmesh.server.crm;

import com.fasterxml.jackson.databind.node.ObjectNode;
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

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/notes}: members write notes on customers; the author or an admin may edit or
 * delete one.
 */
public final class Notes {

  private static final int MAX_BODY = 20_000;
  private static final int MAX_METADATA = 16_384;

  private final Store store;

  /** Serves notes from {@code store}. */
  public Notes(Store store) {
    this.store = store;
  }

  /** Mounts the routes (behind the membership check). */
  public void mount(Router router) {
    router.get("/api/notes").handler(this::list);
    router.post("/api/notes").handler(this::create);
    router.get("/api/notes/:id").handler(this::read);
    router.put("/api/notes/:id").handler(this::update);
    router.patch("/api/notes/:id").handler(this::update);
    router.delete("/api/notes/:id").handler(this::remove);
    router.route("/api/notes").handler(Problems.allowOnly("GET", "POST"));
    router.route("/api/notes/:id").handler(Problems.allowOnly("GET", "PUT", "PATCH", "DELETE"));
  }

  static Optional<Note> find(Handle handle, long companyId, long id) {
    return handle.createQuery(Note.SELECT + " WHERE n.company_id = :company AND n.id = :id")
        .bind("company", companyId).bind("id", id)
        .map((rs, ctx) -> Note.map(rs)).findOne();
  }

  private void list(RoutingContext ctx) {
    Member member = Member.of(ctx);
    Query.Page page = Query.page(ctx);
    Filter filter = Filter.where("n.company_id = :company", Map.of("company", member.companyId()))
        .andIf(Query.optionalLong(ctx, "customerId", 1, Long.MAX_VALUE),
            "n.customer_id = :customer", "customer")
        .search(page, "n.body");
    Blocking.respond(ctx, 200, () -> store.read(handle -> filter.page(handle, Note.SELECT,
        "notes n", "n.pinned DESC, n.id DESC", page, (rs, c) -> Note.map(rs))));
  }


  private void read(RoutingContext ctx) {
    Member member = Member.of(ctx);
    long id = Query.pathId(ctx, "id", "Note");
    Blocking.respond(ctx, 200, () -> store.read(handle -> find(handle, member.companyId(), id)
        .orElseThrow(() -> ApiException.notFound("Note"))));
  }

  private void create(RoutingContext ctx) {
    Member member = Member.of(ctx);
    Input in = Input.of(ctx);
    Long customerId = in.id("customerId", true);
    String body = in.text("body", true, MAX_BODY);
    Boolean pinned = in.bool("pinned", false);
    ObjectNode metadata = in.object("metadata", false, MAX_METADATA);
    in.validate();
    Blocking.respond(ctx, 201, () -> store.change(member.companyId(), member.actor(), change -> {
      Handle handle = change.handle();
      Customer customer = Customers.find(handle, member.companyId(), customerId)
          .orElseThrow(() -> ApiException.invalid(List.of(new ApiException.FieldError(
              "customerId", "is not a customer of this company"))));
      long id = handle.createQuery("INSERT INTO notes (company_id, customer_id, author_id, body, "
              + "pinned, metadata, created_at, updated_at) VALUES (:company, :customer, "
              + ":author, :body, :pinned, :metadata, :now, :now) RETURNING id")
          .bind("company", member.companyId()).bind("customer", customerId)
          .bind("author", member.employeeId()).bind("body", body)
          .bind("pinned", Boolean.TRUE.equals(pinned) ? 1 : 0)
          .bind("metadata", metadata == null ? "{}" : Json.write(metadata))
          .bind("now", change.now()).mapTo(Long.class).one();
      Note created = find(handle, member.companyId(), id).orElseThrow();
      change.emit(Catalog.NOTE_CREATED, created);
      change.activity("note", id, "created", member.membership().name() + " wrote a note on "
          + customer.name());
      return created;
    }));
  }

  private void update(RoutingContext ctx) {
    Member member = Member.of(ctx);
    long id = Query.pathId(ctx, "id", "Note");
    Input in = Input.of(ctx);
    int expected = Versions.expected(ctx, in);
    String body = in.text("body", in.has("body"), MAX_BODY);
    Boolean pinned = in.bool("pinned", false);
    ObjectNode metadata = in.object("metadata", false, MAX_METADATA);
    in.validate();
    Blocking.respond(ctx, 200, () -> store.change(member.companyId(), member.actor(), change -> {
      Handle handle = change.handle();
      Note current = find(handle, member.companyId(), id)
          .orElseThrow(() -> ApiException.notFound("Note"));
      requireAuthorOrAdmin(member, current);
      Versions.check("note", current.version(), expected);
      handle.createUpdate("UPDATE notes SET body = :body, pinned = :pinned, metadata = "
              + ":metadata, updated_at = :now, version = version + 1 WHERE id = :id AND "
              + "company_id = :company")
          .bind("body", body != null ? body : current.body())
          .bind("pinned", (pinned != null ? pinned : current.pinned()) ? 1 : 0)
          .bind("metadata", Json.write(in.has("metadata")
              ? (metadata == null ? Json.MAPPER.createObjectNode() : metadata)
              : current.metadata()))
          .bind("now", change.now()).bind("id", id).bind("company", member.companyId())
          .execute();
      Note updated = find(handle, member.companyId(), id).orElseThrow();
      change.emit(Catalog.NOTE_UPDATED, updated);
      change.activity("note", id, "updated", member.membership().name() + " edited a note");
      return updated;
    }));
  }

  private void remove(RoutingContext ctx) {
    Member member = Member.of(ctx);
    long id = Query.pathId(ctx, "id", "Note");
    Blocking.respond(ctx, 204, () -> store.change(member.companyId(), member.actor(), change -> {
      Note current = find(change.handle(), member.companyId(), id)
          .orElseThrow(() -> ApiException.notFound("Note"));
      requireAuthorOrAdmin(member, current);
      change.handle().createUpdate("DELETE FROM notes WHERE id = :id AND company_id = :company")
          .bind("id", id).bind("company", member.companyId()).execute();
      change.emit(Catalog.NOTE_DELETED, new Deleted(id, current.customerId()));
      change.activity("note", id, "deleted", member.membership().name() + " deleted a note");
      return null;
    }));
  }

  private static void requireAuthorOrAdmin(Member member, Note note) {
    if (note.authorId() != member.employeeId() && !member.membership().isAdmin()) {
      throw ApiException.forbidden("Only the note's author or an admin may change it.");
    }
  }

  /** What {@code note_deleted} carries: the note and the customer it was on. */
  private record Deleted(long id, long customerId) {
  }
}

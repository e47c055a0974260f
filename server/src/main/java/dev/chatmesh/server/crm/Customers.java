package dev.chatmesh.server.crm;

import dev.chatmesh.server.auth.Member;
import dev.chatmesh.server.http.ApiException;
import dev.chatmesh.server.http.Blocking;
import dev.chatmesh.server.http.Input;
import dev.chatmesh.server.http.Problems;
import dev.chatmesh.server.http.Query;
import dev.chatmesh.server.json.Json;
import dev.chatmesh.server.store.Catalog;
import dev.chatmesh.server.store.Change;
import dev.chatmesh.server.store.Store;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /api/customers}: every member may list, read, create, update and delete. */
public final class Customers {

  private final Store store;

  /** Serves customers from {@code store}. */
  public Customers(Store store) {
    this.store = store;
  }

  /** Mounts the routes (behind the membership check). */
  public void mount(Router router) {
    router.get("/api/customers").handler(this::list);
    router.post("/api/customers").handler(this::create);
    router.get("/api/customers/:id").handler(this::read);
    router.put("/api/customers/:id").handler(this::update);
    router.patch("/api/customers/:id").handler(this::update);
    router.delete("/api/customers/:id").handler(this::remove);
    router.route("/api/customers").handler(Problems.allowOnly("GET", "POST"));
    router.route("/api/customers/:id").handler(Problems.allowOnly("GET", "PUT", "PATCH", "DELETE"));
  }

  public static Optional<Customer> find(Handle handle, long companyId, long id) {
    return handle.createQuery(Customer.SELECT + " WHERE c.company_id = :company AND c.id = :id")
        .bind("company", companyId).bind("id", id)
        .map((rs, ctx) -> Customer.map(rs)).findOne();
  }

  /** The company's customers among {@code ids}, by id (unknown ids are absent). */
  public static Map<Long, Customer> findAll(Handle handle, long companyId,
                                            java.util.Collection<Long> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    Map<Long, Customer> found = new java.util.HashMap<>();
    handle.createQuery(Customer.SELECT + " WHERE c.company_id = :company AND c.id IN (<ids>)")
        .bind("company", companyId).bindList("ids", List.copyOf(ids))
        .map((rs, ctx) -> Customer.map(rs)).forEach(c -> found.put(c.id(), c));
    return found;
  }

  /** Unassigns every customer of a leaving employee, announcing each change. */
  static void unassignFrom(Change change, long employeeId) {
    List<Long> ids = change.handle().createQuery("SELECT id FROM customers WHERE company_id = "
            + ":company AND assigned_employee_id = :employee ORDER BY id")
        .bind("company", change.companyId()).bind("employee", employeeId)
        .mapTo(Long.class).list();
    for (long id : ids) {
      change.handle().createUpdate("UPDATE customers SET assigned_employee_id = NULL, "
              + "updated_at = :now, version = version + 1 WHERE id = :id")
          .bind("now", change.now()).bind("id", id).execute();
      Customer updated = find(change.handle(), change.companyId(), id).orElseThrow();
      change.emit(Catalog.CUSTOMER_UPDATED, updated);
      change.activity("customer", id, "unassigned", updated.name() + " was unassigned");
    }
  }

  private void list(RoutingContext ctx) {
    Member member = Member.of(ctx);
    Query.Page page = Query.page(ctx);
    Filter filter = Filter.where("c.company_id = :company", Map.of("company", member.companyId()))
        .andIf(Query.optionalLong(ctx, "assignedEmployeeId", 1, Long.MAX_VALUE),
            "c.assigned_employee_id = :assignee", "assignee")
        .search(page, "c.name", "c.email", "c.phone");
    Blocking.respond(ctx, 200, () -> store.read(handle -> filter.page(handle, Customer.SELECT,
        "customers c", "c.id DESC", page, (rs, c) -> Customer.map(rs))));
  }


  private void read(RoutingContext ctx) {
    Member member = Member.of(ctx);
    long id = Query.pathId(ctx, "id", "Customer");
    Blocking.respond(ctx, 200, () -> store.read(handle -> find(handle, member.companyId(), id)
        .orElseThrow(() -> ApiException.notFound("Customer"))));
  }

  private void create(RoutingContext ctx) {
    Member member = Member.of(ctx);
    Input in = Input.of(ctx);
    Fields fields = Fields.read(in, true);
    in.validate();
    Blocking.respond(ctx, 201, () -> store.change(member.companyId(), member.actor(), change -> {
      Handle handle = change.handle();
      Employees.requireActive(handle, member.companyId(), fields.assignee, "assignedEmployeeId");
      long id = handle.createQuery("INSERT INTO customers (company_id, name, email, phone, "
              + "avatar_url, tags, assigned_employee_id, created_at, updated_at) VALUES "
              + "(:company, :name, :email, :phone, :avatar, :tags, :assignee, :now, :now) "
              + "RETURNING id")
          .bind("company", member.companyId()).bind("name", fields.name)
          .bind("email", fields.email).bind("phone", fields.phone)
          .bind("avatar", fields.avatarUrl)
          .bind("tags", Json.write(fields.tags == null ? List.of() : fields.tags))
          .bind("assignee", fields.assignee).bind("now", change.now())
          .mapTo(Long.class).one();
      Customer created = find(handle, member.companyId(), id).orElseThrow();
      change.emit(Catalog.CUSTOMER_CREATED, created);
      change.activity("customer", id, "created", member.membership().name() + " added "
          + created.name());
      return created;
    }));
  }

  private void update(RoutingContext ctx) {
    Member member = Member.of(ctx);
    long id = Query.pathId(ctx, "id", "Customer");
    Input in = Input.of(ctx);
    int expected = Versions.expected(ctx, in);
    Fields fields = Fields.read(in, false);
    in.validate();
    Blocking.respond(ctx, 200, () -> store.change(member.companyId(), member.actor(), change -> {
      Handle handle = change.handle();
      Customer current = find(handle, member.companyId(), id)
          .orElseThrow(() -> ApiException.notFound("Customer"));
      Versions.check("customer", current.version(), expected);
      Employees.requireActive(handle, member.companyId(), fields.assignee, "assignedEmployeeId");
      Long assignee = in.has("assignedEmployeeId") ? fields.assignee
          : current.assignedEmployeeId();
      handle.createUpdate("UPDATE customers SET name = :name, email = :email, phone = :phone, "
              + "avatar_url = :avatar, tags = :tags, assigned_employee_id = :assignee, "
              + "updated_at = :now, version = version + 1 WHERE id = :id AND company_id = :company")
          .bind("name", in.has("name") ? fields.name : current.name())
          .bind("email", in.has("email") ? fields.email : current.email())
          .bind("phone", in.has("phone") ? fields.phone : current.phone())
          .bind("avatar", in.has("avatarUrl") ? fields.avatarUrl : current.avatarUrl())
          .bind("tags", Json.write(in.has("tags")
              ? (fields.tags == null ? List.of() : fields.tags) : current.tags()))
          .bind("assignee", assignee).bind("now", change.now())
          .bind("id", id).bind("company", member.companyId()).execute();
      Customer updated = find(handle, member.companyId(), id).orElseThrow();
      change.emit(Catalog.CUSTOMER_UPDATED, updated);
      boolean reassigned = !java.util.Objects.equals(assignee, current.assignedEmployeeId());
      change.activity("customer", id, reassigned ? "assigned" : "updated", reassigned
          ? updated.name() + (updated.assignedEmployee() == null ? " was unassigned"
              : " was assigned to " + updated.assignedEmployee().name())
          : member.membership().name() + " updated " + updated.name());
      return updated;
    }));
  }

  private void remove(RoutingContext ctx) {
    Member member = Member.of(ctx);
    long id = Query.pathId(ctx, "id", "Customer");
    Blocking.respond(ctx, 204, () -> store.change(member.companyId(), member.actor(), change -> {
      Customer current = find(change.handle(), member.companyId(), id)
          .orElseThrow(() -> ApiException.notFound("Customer"));
      change.handle().createUpdate("DELETE FROM customers WHERE id = :id AND company_id = "
              + ":company").bind("id", id).bind("company", member.companyId()).execute();
      change.emit(Catalog.CUSTOMER_DELETED, Map.of("id", id));
      change.activity("customer", id, "deleted", member.membership().name() + " deleted "
          + current.name());
      return null;
    }));
  }

  /** The writable fields of a customer; on updates only those present are applied. */
  private record Fields(String name, String email, String phone, String avatarUrl,
                        List<String> tags, Long assignee) {
    static Fields read(Input in, boolean creating) {
      return new Fields(in.text("name", creating || in.has("name"), 200),
          in.email("email", false), in.text("phone", false, 50),
          in.text("avatarUrl", false, 2000), in.strings("tags", false, 50, 50),
          in.id("assignedEmployeeId", false));
    }
  }
}

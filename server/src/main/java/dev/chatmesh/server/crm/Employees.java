package dev.chatmesh.server.crm;

import dev.chatmesh.server.auth.Accounts;
import dev.chatmesh.server.auth.Member;
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
import java.util.Optional;

/**
 * {@code /api/employees}: memberships. People join only by accepting an invitation
 * ({@link Invitations}); admins remove them (the membership ends, their streams are revoked,
 * their customers are unassigned); everyone may list and read; people edit their own profile,
 * admins anyone's.
 */
public final class Employees {

  private static final String SELECT = "SELECT " + Employee.columns("e", "") + " FROM employees e";

  private final Store store;

  /** Serves employees from {@code store}. */
  public Employees(Store store) {
    this.store = store;
  }

  /** Mounts the routes (behind the membership check). */
  public void mount(Router router) {
    router.get("/api/employees").handler(this::list);
    router.get("/api/employees/:id").handler(this::read);
    router.put("/api/employees/:id").handler(this::update);
    router.patch("/api/employees/:id").handler(this::update);
    router.delete("/api/employees/:id").handler(this::remove);
    router.route("/api/employees").handler(Problems.allowOnly("GET"));
    router.route("/api/employees/:id").handler(Problems.allowOnly("GET", "PUT", "PATCH", "DELETE"));
  }

  /**
   * Makes {@code account} the first admin of the company that {@code change} is creating: the
   * membership a signup starts with.
   */
  public static void addFirstAdmin(Change change, Accounts.Account account) {
    insert(change, account.id(), account.name(), account.email(), "admin", null, null, null);
  }

  /** The employee {@code id} of the company; removed ones only when {@code withRemoved}. */
  public static Optional<Employee> find(Handle handle, long companyId, long id, boolean withRemoved) {
    return handle.createQuery(SELECT + " WHERE e.company_id = :company AND e.id = :id"
            + (withRemoved ? "" : " AND e.removed_at IS NULL"))
        .bind("company", companyId).bind("id", id)
        .map((rs, ctx) -> Employee.map(rs, ""))
        .findOne();
  }

  /**
   * 422 naming {@code field} unless {@code id} is a current employee of the company; a null
   * {@code id} passes.
   */
  public static void requireActive(Handle handle, long companyId, Long id, String field) {
    if (id != null && find(handle, companyId, id, false).isEmpty()) {
      throw ApiException.invalid(List.of(new ApiException.FieldError(field,
          "is not an employee of this company")));
    }
  }

  private void list(RoutingContext ctx) {
    Member member = Member.of(ctx);
    Query.Page page = Query.page(ctx);
    Filter filter = Filter.where("e.company_id = :company AND e.removed_at IS NULL",
            Map.of("company", member.companyId()))
        .search(page, "e.name", "e.email", "e.title");
    Blocking.respond(ctx, 200, () -> store.read(handle -> filter.page(handle, SELECT,
        "employees e", "e.name, e.id", page, (rs, c) -> Employee.map(rs, ""))));
  }


  private void read(RoutingContext ctx) {
    Member member = Member.of(ctx);
    long id = Query.pathId(ctx, "id", "Employee");
    Blocking.respond(ctx, 200, () -> store.read(handle -> find(handle, member.companyId(), id,
        false).orElseThrow(() -> ApiException.notFound("Employee"))));
  }

  private void update(RoutingContext ctx) {
    Member member = Member.of(ctx);
    long id = Query.pathId(ctx, "id", "Employee");
    Input in = Input.of(ctx);
    int expected = Versions.expected(ctx, in);
    String name = in.text("name", in.has("name"), 200);
    String role = in.oneOf("role", in.has("role"), "admin", "agent");
    String title = in.text("title", false, 200);
    String phone = in.text("phone", false, 50);
    String avatarUrl = in.text("avatarUrl", false, 2000);
    in.validate();
    if (id != member.employeeId() || role != null) {
      member.requireAdmin();
    }
    Blocking.respond(ctx, 200, () -> store.change(member.companyId(), member.actor(), change -> {
      Handle handle = change.handle();
      Employee current = find(handle, member.companyId(), id, false)
          .orElseThrow(() -> ApiException.notFound("Employee"));
      Versions.check("employee", current.version(), expected);
      if (role != null && !role.equals(current.role()) && "admin".equals(current.role())) {
        requireAnotherAdmin(handle, member.companyId(), id);
      }
      handle.createUpdate("UPDATE employees SET name = :name, role = :role, title = :title, "
              + "phone = :phone, avatar_url = :avatar, updated_at = :now, version = version + 1 "
              + "WHERE id = :id AND company_id = :company")
          .bind("name", in.has("name") ? name : current.name())
          .bind("role", role != null ? role : current.role())
          .bind("title", in.has("title") ? title : current.title())
          .bind("phone", in.has("phone") ? phone : current.phone())
          .bind("avatar", in.has("avatarUrl") ? avatarUrl : current.avatarUrl())
          .bind("now", change.now()).bind("id", id).bind("company", member.companyId())
          .execute();
      Employee updated = find(handle, member.companyId(), id, false).orElseThrow();
      change.emit(Catalog.EMPLOYEE_UPDATED, updated);
      change.activity("employee", id, "updated", updated.name() + "'s profile was updated");
      return updated;
    }));
  }

  private void remove(RoutingContext ctx) {
    Member member = Member.of(ctx).requireAdmin();
    long id = Query.pathId(ctx, "id", "Employee");
    Blocking.respond(ctx, 204, () -> store.change(member.companyId(), member.actor(), change -> {
      Handle handle = change.handle();
      Employee current = find(handle, member.companyId(), id, false)
          .orElseThrow(() -> ApiException.notFound("Employee"));
      if ("admin".equals(current.role())) {
        requireAnotherAdmin(handle, member.companyId(), id);
      }
      Customers.unassignFrom(change, id);
      handle.createUpdate("UPDATE employees SET removed_at = :now, updated_at = :now, "
              + "version = version + 1 WHERE id = :id AND company_id = :company")
          .bind("now", change.now()).bind("id", id).bind("company", member.companyId())
          .execute();
      change.emitRevoking(Catalog.EMPLOYEE_DELETED, Map.of("id", id), id);
      change.activity("employee", id, "deleted", current.name() + " was removed");
      return null;
    }));
  }

  /** Inserts a membership and announces it. */
  static Employee insert(Change change, long accountId, String name, String email,
                                 String role, String title, String phone, String avatarUrl) {
    long id = change.handle().createQuery("INSERT INTO employees (company_id, account_id, name, "
            + "email, role, title, phone, avatar_url, created_at, updated_at) VALUES (:company, "
            + ":account, :name, :email, :role, :title, :phone, :avatar, :now, :now) RETURNING id")
        .bind("company", change.companyId()).bind("account", accountId).bind("name", name)
        .bind("email", email).bind("role", role).bind("title", title).bind("phone", phone)
        .bind("avatar", avatarUrl).bind("now", change.now())
        .mapTo(Long.class).one();
    Employee employee = find(change.handle(), change.companyId(), id, false).orElseThrow();
    change.emit(Catalog.EMPLOYEE_CREATED, employee);
    change.activity("employee", id, "created", name + " joined as " + role);
    return employee;
  }

  private static void requireAnotherAdmin(Handle handle, long companyId, long exceptId) {
    long admins = handle.createQuery("SELECT COUNT(*) FROM employees WHERE company_id = :company "
            + "AND role = 'admin' AND removed_at IS NULL AND id <> :id")
        .bind("company", companyId).bind("id", exceptId).mapTo(Long.class).one();
    if (admins == 0) {
      throw ApiException.conflict("A company needs at least one admin; make someone else admin "
          + "first.");
    }
  }
}

package dev.chatmesh.server.crm;

import dev.chatmesh.server.auth.Accounts;
import dev.chatmesh.server.auth.Auth;
import dev.chatmesh.server.auth.AuthRoutes;
import dev.chatmesh.server.auth.Member;
import dev.chatmesh.server.auth.Principal;
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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Joining a company takes the person's consent. An admin invites an e-mail address
 * ({@code /api/employees/invitations}) and gets a one-time link; the answer is the same whether
 * the address has an account or not. Nobody is a member until the invited person either accepts
 * while signed in with that address ({@code /api/invitations}) or, new here, redeems the link
 * with their own name and password. Only the token's SHA-256 is stored; a link works once, for
 * {@link #TTL}, and a newer invitation of the same address replaces it.
 */
public final class Invitations {

  /** How long an invitation can be accepted. */
  public static final Duration TTL = Duration.ofDays(7);

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String SELECT = "SELECT i.id, i.company_id, c.name AS company_name, "
      + "i.email, i.role, i.title, i.status, i.invited_by_name, i.created_at, i.expires_at "
      + "FROM invitations i JOIN companies c ON c.id = i.company_id";
  private static final String OPEN = " AND i.status = 'pending' AND i.expires_at > :now";

  private final Store store;
  private final AuthRoutes sessions;

  /** Serves invitations from {@code store}; a redeemed link signs in through {@code sessions}. */
  public Invitations(Store store, AuthRoutes sessions) {
    this.store = store;
    this.sessions = sessions;
  }

  /**
   * An invitation as the API and its events show it (never its token).
   *
   * @param id          the invitation id
   * @param companyId   the inviting company
   * @param companyName its name
   * @param email       the invited address
   * @param role        the role the membership will have
   * @param title       job title, optional
   * @param status      {@code pending}, {@code accepted}, {@code declined} or {@code revoked}
   * @param invitedBy   the inviting admin's name
   * @param createdAt   when it was sent
   * @param expiresAt   when it stops working
   */
  public record Invitation(long id, long companyId, String companyName, String email,
                           String role, String title, String status, String invitedBy,
                           String createdAt, String expiresAt) {

    static Invitation map(ResultSet rs) throws SQLException {
      return new Invitation(rs.getLong("id"), rs.getLong("company_id"),
          rs.getString("company_name"), rs.getString("email"), rs.getString("role"),
          rs.getString("title"), rs.getString("status"), rs.getString("invited_by_name"),
          Json.timestamp(rs.getLong("created_at")), Json.timestamp(rs.getLong("expires_at")));
    }
  }

  /**
   * What the inviting admin receives, once.
   *
   * @param invitation the invitation
   * @param token      the one-time token
   * @param path       the web app's link for it, relative to the node's address
   */
  public record Issued(Invitation invitation, String token, String path) {
  }

  /**
   * What a link's holder may see before redeeming it.
   *
   * @param invitation the invitation
   * @param hasAccount whether the address already has an account (then: log in and accept)
   */
  public record Preview(Invitation invitation, boolean hasAccount) {
  }

  /** Routes that need no session: looking at and redeeming a link. */
  public void mountPublic(Router router) {
    router.post("/api/invitations/preview").handler(this::preview);
    router.route("/api/invitations/preview").handler(Problems.allowOnly("POST"));
    router.post("/api/invitations/redeem").handler(this::redeem);
    router.route("/api/invitations/redeem").handler(Problems.allowOnly("POST"));
  }

  /** Routes of the signed-in account, in no particular company: its own invitations. */
  public void mountAccount(Router router) {
    router.get("/api/invitations").handler(this::mine);
    router.route("/api/invitations").handler(Problems.allowOnly("GET"));
    router.post("/api/invitations/:id/accept").handler(ctx -> answer(ctx, true));
    router.route("/api/invitations/:id/accept").handler(Problems.allowOnly("POST"));
    router.post("/api/invitations/:id/decline").handler(ctx -> answer(ctx, false));
    router.route("/api/invitations/:id/decline").handler(Problems.allowOnly("POST"));
  }

  /** Routes behind the membership check: the company's invitations. Mount before employees. */
  public void mountCompany(Router router) {
    router.get("/api/employees/invitations").handler(this::list);
    router.post("/api/employees/invitations").handler(this::invite);
    router.route("/api/employees/invitations").handler(Problems.allowOnly("GET", "POST"));
    router.delete("/api/employees/invitations/:id").handler(this::revoke);
    router.route("/api/employees/invitations/:id").handler(Problems.allowOnly("DELETE"));
  }

  private void list(RoutingContext ctx) {
    Member member = Member.of(ctx);
    Blocking.respond(ctx, 200, () -> Map.of("items", store.read(handle -> handle.createQuery(
            SELECT + " WHERE i.company_id = :company" + OPEN + " ORDER BY i.id")
        .bind("company", member.companyId()).bind("now", System.currentTimeMillis())
        .map((rs, c) -> Invitation.map(rs)).list())));
  }

  private void invite(RoutingContext ctx) {
    Member member = Member.of(ctx).requireAdmin();
    Input in = Input.of(ctx);
    String email = in.email("email", true);
    String role = in.oneOf("role", false, "admin", "agent");
    String title = in.text("title", false, 200);
    in.validate();
    String token = newToken();
    Blocking.respond(ctx, 201, () -> store.change(member.companyId(), member.actor(), change -> {
      Handle handle = change.handle();
      if (handle.createQuery("SELECT COUNT(*) FROM employees e JOIN accounts a ON a.id = "
              + "e.account_id WHERE e.company_id = :company AND a.email = :email "
              + "AND e.removed_at IS NULL")
          .bind("company", member.companyId()).bind("email", email)
          .mapTo(Long.class).one() > 0) {
        throw ApiException.conflict(email + " is already an employee of this company.");
      }
      // A new invitation replaces the address's earlier one: only the latest link works.
      List<Long> earlier = handle.createQuery("SELECT id FROM invitations WHERE company_id = "
              + ":company AND email = :email AND status = 'pending'")
          .bind("company", member.companyId()).bind("email", email).mapTo(Long.class).list();
      for (long id : earlier) {
        end(change, id, "revoked");
      }
      long id = handle.createQuery("INSERT INTO invitations (company_id, email, role, title, "
              + "token_hash, status, invited_by_name, created_at, expires_at) VALUES (:company, "
              + ":email, :role, :title, :hash, 'pending', :by, :now, :expires) RETURNING id")
          .bind("company", member.companyId()).bind("email", email)
          .bind("role", role == null ? "agent" : role).bind("title", title)
          .bind("hash", sha256(token)).bind("by", member.membership().name())
          .bind("now", change.now()).bind("expires", change.now() + TTL.toMillis())
          .mapTo(Long.class).one();
      Invitation invitation = byId(handle, id).orElseThrow();
      change.emit(Catalog.INVITATION_CREATED, invitation);
      return new Issued(invitation, token, "/#/invite/" + token);
    }));
  }

  private void revoke(RoutingContext ctx) {
    Member member = Member.of(ctx).requireAdmin();
    long id = Query.pathId(ctx, "id", "Invitation");
    Blocking.respond(ctx, 204, () -> store.change(member.companyId(), member.actor(), change -> {
      Invitation invitation = open(change.handle(), " AND i.id = :id AND i.company_id = "
          + ":company", Map.of("id", id, "company", member.companyId()));
      end(change, invitation.id(), "revoked");
      return null;
    }));
  }

  private void mine(RoutingContext ctx) {
    Principal principal = Auth.principal(ctx);
    Blocking.respond(ctx, 200, () -> Map.of("items", store.read(handle -> handle.createQuery(
            SELECT + " WHERE i.email = (SELECT email FROM accounts WHERE id = :account)" + OPEN
                + " ORDER BY i.id")
        .bind("account", principal.accountId()).bind("now", System.currentTimeMillis())
        .map((rs, c) -> Invitation.map(rs)).list())));
  }

  /** Accepting makes the signed-in account a member; declining only ends the invitation. */
  private void answer(RoutingContext ctx, boolean accept) {
    Principal principal = Auth.principal(ctx);
    long id = Query.pathId(ctx, "id", "Invitation");
    Blocking.respond(ctx, accept ? 200 : 204, () -> {
      Map<String, Object> account = store.read(handle -> handle.createQuery(
              "SELECT email, name FROM accounts WHERE id = :id")
          .bind("id", principal.accountId()).mapToMap().one());
      String email = (String) account.get("email");
      // Another person's invitation is as unknown as a missing one.
      Invitation found = store.read(handle -> open(handle, " AND i.id = :id AND i.email = "
          + ":email", Map.of("id", id, "email", email)));
      String name = (String) account.get("name");
      return store.change(found.companyId(), new Change.Actor(null, name), change -> {
        Invitation invitation = open(change.handle(), " AND i.id = :id AND i.email = :email",
            Map.of("id", id, "email", email));
        if (!accept) {
          end(change, invitation.id(), "declined");
          return null;
        }
        Employee employee = join(change, invitation, principal.accountId(), name);
        return Map.of("companyId", employee.companyId(), "employeeId", employee.id(),
            "role", employee.role(), "companyName", invitation.companyName());
      });
    });
  }

  private void preview(RoutingContext ctx) {
    Input in = Input.of(ctx);
    String token = in.secret("token", true, 200);
    in.validate();
    Blocking.respond(ctx, 200, () -> store.read(handle -> {
      Invitation invitation = byToken(handle, token);
      return new Preview(invitation, Accounts.byEmail(handle, invitation.email()).isPresent());
    }));
  }

  private void redeem(RoutingContext ctx) {
    Input in = Input.of(ctx);
    String token = in.secret("token", true, 200);
    String name = in.text("name", true, 200);
    String password = in.secret("password", true, 1024);
    if (password != null && password.length() < 8) {
      in.reject("password", "must be at least 8 characters");
    }
    in.validate();
    sessions.signIn(ctx, 201, () -> {
      Invitation found = store.read(handle -> byToken(handle, token));
      String hash = Accounts.hashPassword(password);
      return store.change(found.companyId(), new Change.Actor(null, name), change -> {
        Handle handle = change.handle();
        Invitation invitation = byToken(handle, token);
        if (Accounts.byEmail(handle, invitation.email()).isPresent()) {
          throw ApiException.conflict("An account with this e-mail already exists: log in "
              + "with it and accept the invitation there.");
        }
        Accounts.Account account = Accounts.create(handle, invitation.email(), name, hash,
            change.now());
        join(change, invitation, account.id(), name);
        return account.id();
      });
    });
  }

  /** Makes the membership the invitation offers and closes the invitation. */
  private static Employee join(Change change, Invitation invitation, long accountId,
                               String name) {
    Handle handle = change.handle();
    if (handle.createQuery("SELECT COUNT(*) FROM employees WHERE company_id = :company AND "
            + "account_id = :account AND removed_at IS NULL")
        .bind("company", invitation.companyId()).bind("account", accountId)
        .mapTo(Long.class).one() > 0) {
      throw ApiException.conflict("You are already a member of " + invitation.companyName()
          + ".");
    }
    end(change, invitation.id(), "accepted");
    return Employees.insert(change, accountId, name, invitation.email(), invitation.role(),
        invitation.title(), null, null);
  }

  /** Ends a pending invitation with {@code status} and tells the company. */
  private static void end(Change change, long id, String status) {
    change.handle().createUpdate("UPDATE invitations SET status = :status, ended_at = :now "
            + "WHERE id = :id AND company_id = :company")
        .bind("status", status).bind("now", change.now()).bind("id", id)
        .bind("company", change.companyId()).execute();
    change.emit(Catalog.INVITATION_UPDATED, byId(change.handle(), id).orElseThrow());
  }

  private static Optional<Invitation> byId(Handle handle, long id) {
    return handle.createQuery(SELECT + " WHERE i.id = :id").bind("id", id)
        .map((rs, c) -> Invitation.map(rs)).findOne();
  }

  /** The pending, unexpired invitation matching {@code where}, or 404. */
  private static Invitation open(Handle handle, String where, Map<String, Object> binds) {
    return handle.createQuery(SELECT + " WHERE 1 = 1" + where + OPEN)
        .bindMap(binds).bind("now", System.currentTimeMillis())
        .map((rs, c) -> Invitation.map(rs)).findOne()
        .orElseThrow(() -> ApiException.notFound("Invitation"));
  }

  private static Invitation byToken(Handle handle, String token) {
    return handle.createQuery(SELECT + " WHERE i.token_hash = :hash" + OPEN)
        .bind("hash", sha256(token)).bind("now", System.currentTimeMillis())
        .map((rs, c) -> Invitation.map(rs)).findOne()
        .orElseThrow(() -> new ApiException(404, "Not Found", "This invitation link is unknown, "
            + "already used, withdrawn or expired; ask for a new one."));
  }

  private static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

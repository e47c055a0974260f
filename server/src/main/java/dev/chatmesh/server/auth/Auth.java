package dev.chatmesh.server.auth;

import dev.chatmesh.server.http.ApiException;
import dev.chatmesh.server.http.Bearer;
import dev.chatmesh.server.http.Blocking;
import dev.chatmesh.server.store.Store;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The two checks in front of the API: {@link #authenticate} (a valid token of a live session,
 * from the {@code Authorization} header or the session cookie) and {@link #requireMember}
 * (membership of the company the request names).
 */
public final class Auth {

  /** The session cookie's name. */
  public static final String COOKIE = "chatmesh_session";
  static final String PRINCIPAL = "chatmesh.principal";

  private final Store store;
  private final Tokens tokens;

  /** Checks tokens with {@code tokens} and sessions in {@code store}. */
  public Auth(Store store, Tokens tokens) {
    this.store = store;
    this.tokens = tokens;
  }

  /** Route handler: 401 unless the request carries a valid session token. */
  public void authenticate(RoutingContext ctx) {
    String token = token(ctx);
    if (token == null) {
      ctx.fail(ApiException.unauthorized("Log in first: send a Bearer token or the session "
          + "cookie."));
      return;
    }
    Tokens.Claims claims = tokens.verify(token);
    if (claims == null) {
      ctx.fail(ApiException.unauthorized("The token is invalid or has expired."));
      return;
    }
    Blocking.run(ctx, () -> load(claims)).onComplete(result -> {
      if (result.failed()) {
        ctx.fail(result.cause());
      } else {
        ctx.put(PRINCIPAL, result.result());
        ctx.next();
      }
    });
  }

  /**
   * Route handler: picks the request's company from {@code X-Company-Id} or {@code ?company=}
   * (optional with a single membership); 403 when the caller is not a member of it.
   */
  public void requireMember(RoutingContext ctx) {
    Principal principal = ctx.get(PRINCIPAL);
    String raw = ctx.request().getHeader("X-Company-Id");
    if (raw == null) {
      raw = ctx.request().getParam("company");
    }
    Principal.Membership membership;
    if (raw == null || raw.isBlank()) {
      if (principal.memberships().size() != 1) {
        ctx.fail(ApiException.badRequest(principal.memberships().isEmpty()
            ? "This account belongs to no company."
            : "This account belongs to several companies: name one with X-Company-Id."));
        return;
      }
      membership = principal.memberships().getFirst();
    } else {
      long companyId;
      try {
        companyId = Long.parseLong(raw.strip());
      } catch (NumberFormatException e) {
        ctx.fail(ApiException.badRequest("X-Company-Id must be a company id."));
        return;
      }
      membership = principal.memberships().stream()
          .filter(m -> m.companyId() == companyId).findFirst().orElse(null);
      if (membership == null) {
        ctx.fail(ApiException.forbidden("You are not a member of company " + companyId + "."));
        return;
      }
    }
    ctx.put(Member.KEY, new Member(principal, membership));
    ctx.next();
  }

  /** The principal {@link #authenticate} attached. */
  public static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  /**
   * Checks the session and reads the memberships in one query (one row per membership, or one
   * row of nulls for an account in no company; no row when the session has ended): every API
   * request and stream connect pays for it.
   */
  private Principal load(Tokens.Claims claims) {
    return store.read(handle -> {
      List<Principal.Membership> rows = new ArrayList<>();
      boolean[] live = {false};
      handle.createQuery("SELECT e.company_id, e.id, e.role, e.name FROM sessions s "
              + "LEFT JOIN employees e ON e.account_id = s.account_id AND e.removed_at IS NULL "
              + "WHERE s.id = :id AND s.account_id = :account AND s.expires_at > :now "
              + "ORDER BY e.company_id")
          .bind("id", claims.sessionId()).bind("account", claims.accountId())
          .bind("now", System.currentTimeMillis())
          .map((rs, ctx) -> {
            live[0] = true;
            long companyId = rs.getLong("company_id");
            if (!rs.wasNull()) {
              rows.add(new Principal.Membership(companyId, rs.getLong("id"),
                  rs.getString("role"), rs.getString("name")));
            }
            return companyId;
          })
          .list();
      if (!live[0]) {
        throw ApiException.unauthorized("The session has ended; log in again.");
      }
      return new Principal(claims.accountId(), claims.sessionId(), claims.expiresAt(), rows);
    });
  }

  private static String token(RoutingContext ctx) {
    String bearer = Bearer.credential(ctx);
    if (bearer != null) {
      return bearer;
    }
    Cookie cookie = ctx.request().getCookie(COOKIE);
    return cookie == null ? null : cookie.getValue();
  }
}

package dev.chatmesh.server.auth;

import dev.chatmesh.server.http.ApiException;
import dev.chatmesh.server.http.Blocking;
import dev.chatmesh.server.store.Store;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

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

  private Principal load(Tokens.Claims claims) {
    return store.read(handle -> {
      boolean live = handle.createQuery("SELECT COUNT(*) FROM sessions WHERE id = :id AND "
              + "account_id = :account AND expires_at > :now")
          .bind("id", claims.sessionId()).bind("account", claims.accountId())
          .bind("now", System.currentTimeMillis()).mapTo(Long.class).one() > 0;
      if (!live) {
        throw ApiException.unauthorized("The session has ended; log in again.");
      }
      List<Principal.Membership> memberships = memberships(handle, claims.accountId());
      return new Principal(claims.accountId(), claims.sessionId(), claims.expiresAt(),
          memberships);
    });
  }

  static List<Principal.Membership> memberships(org.jdbi.v3.core.Handle handle, long accountId) {
    return handle.createQuery("SELECT company_id, id, role, name FROM employees "
            + "WHERE account_id = :account AND removed_at IS NULL ORDER BY company_id")
        .bind("account", accountId)
        .map((rs, ctx) -> new Principal.Membership(rs.getLong("company_id"), rs.getLong("id"),
            rs.getString("role"), rs.getString("name")))
        .list();
  }

  private static String token(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).strip();
    }
    Cookie cookie = ctx.request().getCookie(COOKIE);
    return cookie == null ? null : cookie.getValue();
  }
}

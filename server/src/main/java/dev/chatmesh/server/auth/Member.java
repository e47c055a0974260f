package dev.chatmesh.server.auth;

import dev.chatmesh.server.http.ApiException;
import dev.chatmesh.server.store.Change;
import io.vertx.ext.web.RoutingContext;

/**
 * The caller of a company-scoped request: who they are and in which company they act.
 *
 * @param principal  the authenticated caller
 * @param membership their membership in the request's company
 */
public record Member(Principal principal, Principal.Membership membership) {

  static final String KEY = "chatmesh.member";

  /** The company a request acts in once its membership is checked, or null (no session yet). */
  public static Long companyIdOrNull(RoutingContext ctx) {
    Member member = ctx.get(KEY);
    return member == null ? null : member.companyId();
  }

  /** The member the auth handler attached to {@code ctx}. */
  public static Member of(RoutingContext ctx) {
    Member member = ctx.get(KEY);
    if (member == null) {
      throw new IllegalStateException("route is not behind the membership check");
    }
    return member;
  }

  /** The request's company. */
  public long companyId() {
    return membership.companyId();
  }

  /** The caller's employee id in that company. */
  public long employeeId() {
    return membership.employeeId();
  }

  /** Throws 403 unless the caller is an admin of the company. */
  public Member requireAdmin() {
    if (!membership.isAdmin()) {
      throw ApiException.forbidden("Only admins of this company may do that.");
    }
    return this;
  }

  /** The caller as the actor of a change. */
  public Change.Actor actor() {
    return new Change.Actor(membership.employeeId(), membership.name());
  }
}

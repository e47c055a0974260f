package dev.chatmesh.server.auth;

import java.time.Instant;
import java.util.List;

/**
 * An authenticated caller: their account, session and every company they belong to.
 *
 * @param accountId   the account
 * @param sessionId   the session the token names
 * @param expiresAt   when the token expires
 * @param memberships the account's current memberships
 */
public record Principal(long accountId, String sessionId, Instant expiresAt,
                        List<Membership> memberships) {

  /** Copies the list. */
  public Principal {
    memberships = List.copyOf(memberships);
  }

  /**
   * The account's place in one company.
   *
   * @param companyId  the company
   * @param employeeId the employee record of this membership
   * @param role       {@code admin} or {@code agent}
   * @param name       the employee's display name
   */
  public record Membership(long companyId, long employeeId, String role, String name) {

    /** Whether this member may do admin-only actions. */
    public boolean isAdmin() {
      return "admin".equals(role);
    }
  }
}

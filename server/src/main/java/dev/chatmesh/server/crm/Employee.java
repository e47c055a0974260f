package dev.chatmesh.server.crm;

import dev.chatmesh.server.json.Json;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A membership of an account in a company, as the API and its events show it.
 *
 * @param id        the employee id
 * @param accountId the account
 * @param companyId the company
 * @param name      display name
 * @param email     contact e-mail (the account's login)
 * @param role      {@code admin} or {@code agent}
 * @param title     job title, optional
 * @param phone     phone, optional
 * @param avatarUrl picture, optional
 * @param createdAt when the membership began
 * @param updatedAt last change
 * @param version   optimistic concurrency version
 */
public record Employee(long id, long accountId, long companyId, String name, String email,
                       String role, String title, String phone, String avatarUrl,
                       String createdAt, String updatedAt, int version) {

  /** The columns {@link #map} reads, for an {@code employees} row aliased {@code prefix}. */
  public static String columns(String alias, String prefix) {
    return String.join(", ", java.util.stream.Stream.of("id", "account_id", "company_id", "name",
            "email", "role", "title", "phone", "avatar_url", "created_at", "updated_at", "version")
        .map(c -> alias + "." + c + " AS " + prefix + c).toList());
  }

  /** Reads the columns named by {@link #columns}; null when the joined row is absent. */
  public static Employee map(ResultSet rs, String prefix) throws SQLException {
    long id = rs.getLong(prefix + "id");
    if (rs.wasNull()) {
      return null;
    }
    return new Employee(id, rs.getLong(prefix + "account_id"), rs.getLong(prefix + "company_id"),
        rs.getString(prefix + "name"), rs.getString(prefix + "email"),
        rs.getString(prefix + "role"), rs.getString(prefix + "title"),
        rs.getString(prefix + "phone"), rs.getString(prefix + "avatar_url"),
        Json.timestamp(rs.getLong(prefix + "created_at")),
        Json.timestamp(rs.getLong(prefix + "updated_at")), rs.getInt(prefix + "version"));
  }
}

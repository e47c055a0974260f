package dev.chatmesh.server.crm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.json.Json;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A remark on a customer, with its author embedded and free-form metadata.
 *
 * @param id         the note id
 * @param customerId the customer it is about
 * @param authorId   the employee who wrote it
 * @param author     that employee (also after they left the company)
 * @param body       the text
 * @param pinned     whether it stays on top
 * @param metadata   any JSON object the client keeps with it
 * @param createdAt  created
 * @param updatedAt  last changed
 * @param version    optimistic concurrency version
 */
public record Note(long id, long customerId, long authorId, Employee author, String body,
                   boolean pinned, JsonNode metadata, String createdAt, String updatedAt,
                   int version) {

  /** The SELECT that {@link #map} reads: note {@code n}, author {@code a}. */
  static final String SELECT = "SELECT n.id, n.customer_id, n.author_id, n.body, n.pinned, "
      + "n.metadata, n.created_at, n.updated_at, n.version, " + Employee.columns("a", "a_")
      + " FROM notes n JOIN employees a ON a.id = n.author_id";

  static Note map(ResultSet rs) throws SQLException {
    return new Note(rs.getLong("id"), rs.getLong("customer_id"), rs.getLong("author_id"),
        Employee.map(rs, "a_"), rs.getString("body"), rs.getInt("pinned") != 0,
        Json.read(rs.getString("metadata")), Json.timestamp(rs.getLong("created_at")),
        Json.timestamp(rs.getLong("updated_at")), rs.getInt("version"));
  }
}

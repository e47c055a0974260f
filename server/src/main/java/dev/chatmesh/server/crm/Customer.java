package dev.chatmesh.server.crm;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.chatmesh.server.json.Json;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A company's contact, with the whole assigned employee embedded.
 *
 * @param id                 the customer id
 * @param name               name
 * @param email              e-mail, optional
 * @param phone              phone, optional
 * @param avatarUrl          picture, optional
 * @param tags               labels
 * @param assignedEmployeeId the employee in charge, or null
 * @param assignedEmployee   that employee, or null
 * @param createdAt          created
 * @param updatedAt          last changed
 * @param version            optimistic concurrency version
 */
public record Customer(long id, String name, String email, String phone, String avatarUrl,
                       List<String> tags, Long assignedEmployeeId, Employee assignedEmployee,
                       String createdAt, String updatedAt, int version) {

  private static final TypeReference<List<String>> TAGS = new TypeReference<>() { };

  /** The SELECT that {@link #map} reads: customer {@code c}, assignee {@code a}. */
  static final String SELECT = "SELECT c.id, c.name, c.email, c.phone, c.avatar_url, c.tags, "
      + "c.assigned_employee_id, c.created_at, c.updated_at, c.version, "
      + Employee.columns("a", "a_") + " FROM customers c "
      + "LEFT JOIN employees a ON a.id = c.assigned_employee_id";

  static Customer map(ResultSet rs) throws SQLException {
    long assigned = rs.getLong("assigned_employee_id");
    Long assignedId = rs.wasNull() ? null : assigned;
    try {
      return new Customer(rs.getLong("id"), rs.getString("name"), rs.getString("email"),
          rs.getString("phone"), rs.getString("avatar_url"),
          Json.MAPPER.readValue(rs.getString("tags"), TAGS), assignedId, Employee.map(rs, "a_"),
          Json.timestamp(rs.getLong("created_at")), Json.timestamp(rs.getLong("updated_at")),
          rs.getInt("version"));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new SQLException("customer " + rs.getLong("id") + " has unreadable tags", e);
    }
  }
}

package dev.chatmesh.server.inbox;

import dev.chatmesh.server.crm.Customer;
import dev.chatmesh.server.crm.Employee;
import dev.chatmesh.server.json.Json;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A thread with one customer on one channel, with the customer and the assignee embedded.
 *
 * @param id                 the conversation id
 * @param channelId          the channel it runs on
 * @param customerId         the customer
 * @param customer           that customer, whole
 * @param platform           the channel's platform
 * @param status             {@code open}, {@code pending} or {@code closed}
 * @param assigneeId         the employee in charge, or null
 * @param assignee           that employee, or null
 * @param unreadCount        customer messages since a member last read it (shared by the team)
 * @param lastMessageAt      when the last message was sent, or null
 * @param lastMessagePreview the start of the last message's text, or null
 * @param canReply           whether an agent's reply can be delivered (channel present, with a
 *                           token)
 * @param createdAt          created
 * @param updatedAt          last changed
 * @param version            optimistic concurrency version
 */
public record Conversation(long id, long channelId, long customerId, Customer customer,
                           String platform, String status, Long assigneeId, Employee assignee,
                           int unreadCount, String lastMessageAt, String lastMessagePreview,
                           boolean canReply, String createdAt, String updatedAt, int version) {

  /** The SELECT {@link #map} reads: conversation {@code cv}, channel {@code ch}, assignee {@code a}. */
  static final String SELECT = "SELECT cv.id, cv.channel_id, cv.customer_id, ch.platform, "
      + "cv.status, cv.assignee_id, cv.unread_count, cv.last_message_at, "
      + "cv.last_message_preview, (ch.removed_at IS NULL AND ch.access_token IS NOT NULL) "
      + "AS can_reply, cv.created_at, cv.updated_at, cv.version, "
      + Employee.columns("a", "a_") + " FROM conversations cv "
      + "JOIN channels ch ON ch.id = cv.channel_id "
      + "LEFT JOIN employees a ON a.id = cv.assignee_id";

  /** The columns of a conversation row without its customer, which is read separately. */
  static Conversation map(ResultSet rs) throws SQLException {
    long assignee = rs.getLong("assignee_id");
    Long assigneeId = rs.wasNull() ? null : assignee;
    long last = rs.getLong("last_message_at");
    String lastAt = rs.wasNull() ? null : Json.timestamp(last);
    return new Conversation(rs.getLong("id"), rs.getLong("channel_id"),
        rs.getLong("customer_id"), null, rs.getString("platform"), rs.getString("status"),
        assigneeId, Employee.map(rs, "a_"), rs.getInt("unread_count"), lastAt,
        rs.getString("last_message_preview"), rs.getBoolean("can_reply"),
        Json.timestamp(rs.getLong("created_at")), Json.timestamp(rs.getLong("updated_at")),
        rs.getInt("version"));
  }

  /** This conversation with {@code customer} embedded. */
  Conversation with(Customer customer) {
    return new Conversation(id, channelId, customerId, customer, platform, status, assigneeId,
        assignee, unreadCount, lastMessageAt, lastMessagePreview, canReply, createdAt, updatedAt,
        version);
  }
}

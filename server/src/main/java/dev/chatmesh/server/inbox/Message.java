package dev.chatmesh.server.inbox;

import dev.chatmesh.server.crm.Employee;
import dev.chatmesh.server.json.Json;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One message of a conversation: a customer's, arrived through a webhook, or an agent's, with
 * its delivery status towards the platform.
 *
 * @param id                the message id
 * @param conversationId    the conversation
 * @param sender            {@code customer} or {@code agent}
 * @param authorId          the employee who wrote an agent message; null for customers and for
 *                          replies made outside ChatMesh (the platform's own inbox)
 * @param author            that employee, or null
 * @param content           the text
 * @param sentAt            when the platform says it was sent (customers) or when the agent
 *                          sent it
 * @param platformMessageId the platform's id (Facebook {@code mid}, Zalo {@code msg_id},
 *                          TikTok {@code message_id}); null until an agent message is accepted
 * @param deliveryStatus    for agent messages {@code pending}, {@code sent}, {@code delivered},
 *                          {@code read} or {@code failed}; null for customer messages
 * @param deliveryError     why delivery failed, or null
 * @param createdAt         stored
 * @param updatedAt         last changed
 * @param version           optimistic concurrency version
 */
public record Message(long id, long conversationId, String sender, Long authorId,
                      Employee author, String content, String sentAt, String platformMessageId,
                      String deliveryStatus, String deliveryError, String createdAt,
                      String updatedAt, int version) {

  /** The SELECT {@link #map} reads: message {@code m}, author {@code a}. */
  public static final String SELECT = "SELECT m.id, m.conversation_id, m.sender, m.author_id, "
      + "m.content, m.sent_at, m.platform_message_id, m.delivery_status, m.delivery_error, "
      + "m.created_at, m.updated_at, m.version, " + Employee.columns("a", "a_")
      + " FROM messages m LEFT JOIN employees a ON a.id = m.author_id";

  /** Reads a row of {@link #SELECT}. */
  public static Message map(ResultSet rs) throws SQLException {
    long author = rs.getLong("author_id");
    Long authorId = rs.wasNull() ? null : author;
    return new Message(rs.getLong("id"), rs.getLong("conversation_id"), rs.getString("sender"),
        authorId, Employee.map(rs, "a_"), rs.getString("content"),
        Json.timestamp(rs.getLong("sent_at")), rs.getString("platform_message_id"),
        rs.getString("delivery_status"), rs.getString("delivery_error"),
        Json.timestamp(rs.getLong("created_at")), Json.timestamp(rs.getLong("updated_at")),
        rs.getInt("version"));
  }
}

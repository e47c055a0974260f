package dev.chatmesh.server.inbox;

import dev.chatmesh.server.crm.Customer;
import dev.chatmesh.server.crm.Customers;
import dev.chatmesh.server.store.Catalog;
import dev.chatmesh.server.store.Change;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /api/conversations}: every member lists, reads, reads out and updates threads. */
public final class Conversations {

  private Conversations() {
  }

  /** The company's conversation {@code id}, its customer embedded. */
  public static Optional<Conversation> find(Handle handle, long companyId, long id) {
    return handle.createQuery(Conversation.SELECT + " WHERE cv.company_id = :company AND "
            + "cv.id = :id")
        .bind("company", companyId).bind("id", id).map((rs, ctx) -> Conversation.map(rs))
        .findOne().map(c -> c.with(Customers.find(handle, companyId, c.customerId())
            .orElseThrow()));
  }

  /**
   * Records {@code message} as the conversation's latest and announces the conversation's new
   * state ({@code conversation_updated}). A customer's message counts as unread for the team
   * and reopens a closed conversation.
   */
  public static Conversation recordMessage(Change change, long conversationId, Message message,
                                           long sentAtMillis) {
    boolean fromCustomer = "customer".equals(message.sender());
    change.handle().createUpdate("UPDATE conversations SET "
            + "last_message_at = CASE WHEN last_message_at IS NULL OR last_message_at <= :sent "
            + "THEN :sent ELSE last_message_at END, "
            + "last_message_preview = CASE WHEN last_message_at IS NULL OR last_message_at <= "
            + ":sent THEN :preview ELSE last_message_preview END, "
            + (fromCustomer ? "unread_count = unread_count + 1, status = 'open', "
                + "last_customer_message_at = :sent, " : "")
            + "updated_at = :now, version = version + 1 WHERE id = :id AND company_id = :company")
        .bind("sent", sentAtMillis).bind("preview", preview(message.content()))
        .bind("now", change.now()).bind("id", conversationId)
        .bind("company", change.companyId()).execute();
    Conversation updated = find(change.handle(), change.companyId(), conversationId)
        .orElseThrow();
    change.emit(Catalog.CONVERSATION_UPDATED, updated);
    return updated;
  }

  /** The first line of {@code content}, cut to 140 characters, as list previews show it. */
  static String preview(String content) {
    String line = content.strip().lines().findFirst().orElse("");
    return line.length() <= 140 ? line : line.substring(0, line.offsetByCodePoints(0,
        line.codePointCount(0, 139))) + "…";
  }

  /** {@code conversations} with their customers embedded, read in one query. */
  static List<Conversation> withCustomers(Handle handle, long companyId,
                                          List<Conversation> conversations) {
    Map<Long, Customer> customers = Customers.findAll(handle, companyId,
        conversations.stream().map(Conversation::customerId).distinct().toList());
    return conversations.stream().map(c -> c.with(customers.get(c.customerId()))).toList();
  }
}

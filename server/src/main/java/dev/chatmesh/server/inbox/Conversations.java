package dev.chatmesh.server.inbox;

import dev.chatmesh.server.crm.Customer;
import dev.chatmesh.server.crm.Customers;
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

  /** {@code conversations} with their customers embedded, read in one query. */
  static List<Conversation> withCustomers(Handle handle, long companyId,
                                          List<Conversation> conversations) {
    Map<Long, Customer> customers = Customers.findAll(handle, companyId,
        conversations.stream().map(Conversation::customerId).distinct().toList());
    return conversations.stream().map(c -> c.with(customers.get(c.customerId()))).toList();
  }
}

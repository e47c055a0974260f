package dev.chatmesh.server.inbox;

import org.jdbi.v3.core.Handle;

import java.util.Optional;

/** {@code /api/conversations/{id}/messages}: the thread's messages, and agents' replies. */
public final class Messages {

  private Messages() {
  }

  /** The company's message {@code id}. */
  public static Optional<Message> find(Handle handle, long companyId, long id) {
    return handle.createQuery(Message.SELECT + " WHERE m.company_id = :company AND m.id = :id")
        .bind("company", companyId).bind("id", id).map((rs, ctx) -> Message.map(rs)).findOne();
  }
}

package dev.chatmesh.server.inbox;

import dev.chatmesh.server.store.Catalog;
import dev.chatmesh.server.store.Change;
import dev.chatmesh.server.store.Store;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.TestServer;

import java.util.HashMap;
import java.util.Map;

/**
 * Threads and replies for the delivery tests. {@link #reply} stands in for the lead's
 * {@code POST /api/conversations/{id}/messages} until it lands on this branch: the same rows in
 * one change ({@code messages} pending + {@code deliveries} due now), the same
 * {@code message_sent} event, the same wake after the commit. Switch it to the route here,
 * in one place.
 */
final class Inbox {

  /**
   * A conversation with one customer on a fresh channel.
   *
   * @param platform       the channel's platform
   * @param channelId      the channel
   * @param conversationId the conversation
   * @param recipient      its platform_thread_id, what the send API addresses
   */
  record Thread(Platform platform, long channelId, long conversationId, String recipient) {
  }

  private Inbox() {
  }

  /** A thread on a new {@code platform} channel with {@code token} (null: none). */
  static Thread open(TestServer server, Api.Session admin, Platform platform, String token) {
    Map<String, Object> channel = new HashMap<>(Map.of("platform", platform.id(),
        "name", platform.title() + " shop", "externalId", "acct-" + platform.id(),
        "secret", "app-secret-of-the-channel"));
    if (token != null) {
      channel.put("accessToken", token);
    }
    long channelId = server.api().call("POST", "api/channels", channel, admin).expect(201).id();
    long customerId = server.api().call("POST", "api/customers",
        Map.of("name", "Linh on " + platform.title()), admin).expect(201).id();
    String recipient = (platform == Platform.TIKTOK ? "conv-" : "user-") + customerId;
    long conversationId = server.app().database().transaction(handle -> handle.createQuery(
            "INSERT INTO conversations (company_id, channel_id, customer_id, platform_user_id, "
                + "platform_thread_id, created_at, updated_at) VALUES (:company, :channel, "
                + ":customer, :user, :thread, :now, :now) RETURNING id")
        .bind("company", admin.companyId()).bind("channel", channelId)
        .bind("customer", customerId).bind("user", "user-" + customerId)
        .bind("thread", recipient).bind("now", System.currentTimeMillis())
        .mapTo(Long.class).one());
    return new Thread(platform, channelId, conversationId, recipient);
  }

  /** {@code agent} replies {@code text} in {@code thread}; answers the message id. */
  static long reply(TestServer server, Api.Session agent, Thread thread, String text) {
    Store store = new Store(server.app().database(), server.app().hub()::publish);
    long id = store.change(agent.companyId(), new Change.Actor(agent.employeeId(), "Agent"),
        change -> {
          long messageId = change.handle().createQuery("INSERT INTO messages (company_id, "
                  + "conversation_id, channel_id, sender, author_id, content, delivery_status, "
                  + "sent_at, created_at, updated_at) VALUES (:company, :conversation, "
                  + ":channel, 'agent', :author, :content, 'pending', :now, :now, :now) "
                  + "RETURNING id")
              .bind("company", agent.companyId()).bind("conversation", thread.conversationId())
              .bind("channel", thread.channelId()).bind("author", agent.employeeId())
              .bind("content", text).bind("now", change.now()).mapTo(Long.class).one();
          SendQueue.enqueue(change, messageId);
          change.emit(Catalog.MESSAGE_SENT, Messages.find(change.handle(), agent.companyId(),
              messageId).orElseThrow());
          return messageId;
        });
    server.app().wakeDeliveries();
    return id;
  }

  /** Message {@code id} as stored. */
  static Message message(TestServer server, long companyId, long id) {
    return server.app().database().read(handle -> Messages.find(handle, companyId, id))
        .orElseThrow();
  }

  /** Rows still in the send queue. */
  static int queued(TestServer server) {
    return server.app().database().read(handle -> handle.createQuery(
        "SELECT COUNT(*) FROM deliveries").mapTo(Integer.class).one());
  }
}

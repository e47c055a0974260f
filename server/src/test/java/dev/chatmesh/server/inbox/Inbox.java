package dev.chatmesh.server.inbox;

import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;

import java.util.HashMap;
import java.util.Map;

/**
 * Threads and replies for the delivery tests: a conversation made directly in the database (so
 * these tests do not depend on the webhooks), replies through the real API.
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
  static Thread open(Node server, Api.Session admin, Platform platform, String token) {
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
    long conversationId = server.database().transaction(handle -> handle.createQuery(
            "INSERT INTO conversations (company_id, channel_id, customer_id, platform_user_id, "
                + "platform_thread_id, created_at, updated_at) VALUES (:company, :channel, "
                + ":customer, :user, :thread, :now, :now) RETURNING id")
        .bind("company", admin.companyId()).bind("channel", channelId)
        .bind("customer", customerId).bind("user", "user-" + customerId)
        .bind("thread", recipient).bind("now", System.currentTimeMillis())
        .mapTo(Long.class).one());
    return new Thread(platform, channelId, conversationId, recipient);
  }

  /** {@code agent} replies {@code text} in {@code thread} through the API; answers the message id. */
  static long reply(Node server, Api.Session agent, Thread thread, String text) {
    return server.api().call("POST", "api/conversations/" + thread.conversationId() + "/messages",
        Map.of("content", text), agent).expect(201).id();
  }

  /** Message {@code id} as stored. */
  static Message message(Node server, long companyId, long id) {
    return server.database().read(handle -> Messages.find(handle, companyId, id))
        .orElseThrow();
  }

  /** Rows still in the send queue. */
  static int queued(Node server) {
    return server.database().read(handle -> handle.createQuery(
        "SELECT COUNT(*) FROM deliveries").mapTo(Integer.class).one());
  }
}

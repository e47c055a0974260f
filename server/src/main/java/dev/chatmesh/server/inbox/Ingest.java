package dev.chatmesh.server.inbox;

import dev.chatmesh.server.crm.Customer;
import dev.chatmesh.server.crm.Customers;
import dev.chatmesh.server.store.Catalog;
import dev.chatmesh.server.store.Change;
import dev.chatmesh.server.store.Store;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stores one verified delivery as one change: unknown senders become customers, threads become
 * conversations, messages are stored once per platform id (the unique index decides, so racing
 * replays store one), receipts move agent messages' statuses. Everything a delivery holds
 * commits together, or nothing does.
 */
final class Ingest {

  private static final Logger log = LoggerFactory.getLogger(Ingest.class);

  private final Store store;

  Ingest(Store store) {
    this.store = store;
  }

  /**
   * What a delivery did, as the webhook answers it.
   *
   * @param stored  messages stored (a replay stores none)
   * @param updated agent messages whose delivery status moved
   * @param ignored items of kinds not handled
   */
  record Outcome(int stored, int updated, int ignored) {
  }

  /** Applies {@code items}, in order, to {@code channel}'s company. */
  Outcome apply(Channels.Credentials channel, List<Inbound> items) {
    int ignored = 0;
    for (Inbound item : items) {
      if (item instanceof Inbound.Ignored(String kind)) {
        ignored++;
        log.debug("channel {}: ignored {} ({})", channel.id(), kind, channel.platform().id());
      }
    }
    if (ignored == items.size()) {
      return new Outcome(0, 0, ignored);
    }
    int skipped = ignored;
    Change.Actor actor = new Change.Actor(null, channel.platform().title());
    return store.change(channel.companyId(), actor, change -> {
      int stored = 0;
      int updated = 0;
      for (Inbound item : items) {
        switch (item) {
          case Inbound.Text text -> stored += message(change, channel, text) ? 1 : 0;
          case Inbound.Receipt receipt -> updated += receipt(change, channel, receipt);
          case Inbound.Ignored ignore -> { }
        }
      }
      return new Outcome(stored, updated, skipped);
    });
  }

  private static boolean message(Change change, Channels.Credentials channel, Inbound.Text in) {
    Handle handle = change.handle();
    // A replay (or our own send echoed back) is recognised before anything is created for it;
    // the unique index below still decides when two deliveries race.
    boolean known = handle.createQuery("SELECT 1 FROM messages WHERE channel_id = :channel "
            + "AND platform_message_id = :mid")
        .bind("channel", channel.id()).bind("mid", in.messageId()).mapTo(Integer.class)
        .findOne().isPresent();
    if (known) {
      return false;
    }
    Customer customer = customer(change, channel, in.userId());
    long conversation = conversation(change, channel, customer, in);
    if (in.echo() && adoptEcho(change, conversation, in)) {
      return true;
    }
    Optional<Long> id = handle.createQuery("INSERT INTO messages (company_id, conversation_id, "
            + "channel_id, sender, content, platform_message_id, delivery_status, sent_at, "
            + "created_at, updated_at) VALUES (:company, :conversation, :channel, :sender, "
            + ":content, :mid, :status, :sent, :now, :now) "
            + "ON CONFLICT (channel_id, platform_message_id) DO NOTHING RETURNING id")
        .bind("company", change.companyId()).bind("conversation", conversation)
        .bind("channel", channel.id()).bind("sender", in.echo() ? "agent" : "customer")
        .bind("content", in.text()).bind("mid", in.messageId())
        .bind("status", in.echo() ? "sent" : null).bind("sent", in.sentAt())
        .bind("now", change.now()).mapTo(Long.class).findOne();
    if (id.isEmpty()) {
      return false;
    }
    Message message = Messages.find(handle, change.companyId(), id.get()).orElseThrow();
    String platform = channel.platform().title();
    if (in.echo()) {
      change.emit(Catalog.MESSAGE_SENT, message);
      change.activity("message", message.id(), "sent", "A reply to " + customer.name()
          + " was sent outside ChatMesh on " + platform);
    } else {
      change.emit(Catalog.MESSAGE_RECEIVED, message);
      change.activity("message", message.id(), "received", customer.name()
          + " sent a message on " + platform);
    }
    Conversations.recordMessage(change, conversation, message, in.sentAt());
    return true;
  }

  /**
   * Takes an echo whose id we have not recorded yet as the platform's word on one of our own
   * replies still being sent: the oldest pending reply of the thread with the same text that was
   * already handed to the platform at least once. It becomes {@code sent} with the echo's id and
   * leaves the send queue, so neither a second message nor a second send follows (the worker's
   * answer for it, when it comes, finds nothing left to do).
   */
  private static boolean adoptEcho(Change change, long conversation, Inbound.Text in) {
    Handle handle = change.handle();
    Optional<Long> ours = handle.createQuery("SELECT m.id FROM messages m JOIN deliveries d "
            + "ON d.message_id = m.id WHERE m.conversation_id = :conversation AND m.company_id = "
            + ":company AND m.sender = 'agent' AND m.delivery_status = 'pending' AND "
            + "m.platform_message_id IS NULL AND d.attempts > 0 AND m.content = :content "
            + "ORDER BY m.id LIMIT 1")
        .bind("conversation", conversation).bind("company", change.companyId())
        .bind("content", in.text()).mapTo(Long.class).findOne();
    if (ours.isEmpty()) {
      return false;
    }
    handle.createUpdate("DELETE FROM deliveries WHERE message_id = :id")
        .bind("id", ours.get()).execute();
    handle.createUpdate("UPDATE messages SET delivery_status = 'sent', platform_message_id = "
            + ":mid, delivery_error = NULL, updated_at = :now, version = version + 1 WHERE id = :id")
        .bind("mid", in.messageId()).bind("now", change.now()).bind("id", ours.get()).execute();
    change.emit(Catalog.MESSAGE_UPDATED, Messages.find(handle, change.companyId(), ours.get())
        .orElseThrow());
    return true;
  }

  /** The customer behind {@code userId} on this channel, created on first contact. */
  private static Customer customer(Change change, Channels.Credentials channel, String userId) {
    Handle handle = change.handle();
    Optional<Long> known = handle.createQuery("SELECT customer_id FROM channel_identities "
            + "WHERE channel_id = :channel AND platform_user_id = :user")
        .bind("channel", channel.id()).bind("user", userId).mapTo(Long.class).findOne();
    if (known.isPresent()) {
      return Customers.find(handle, change.companyId(), known.get()).orElseThrow();
    }
    // No profile lookup: that is a slow call to the platform, and the webhook must answer fast.
    String tail = userId.length() <= 6 ? userId : userId.substring(userId.length() - 6);
    long id = handle.createQuery("INSERT INTO customers (company_id, name, tags, created_at, "
            + "updated_at) VALUES (:company, :name, '[]', :now, :now) RETURNING id")
        .bind("company", change.companyId())
        .bind("name", channel.platform().title() + " user " + tail)
        .bind("now", change.now()).mapTo(Long.class).one();
    handle.createUpdate("INSERT INTO channel_identities (channel_id, platform_user_id, "
            + "company_id, customer_id, created_at) VALUES (:channel, :user, :company, "
            + ":customer, :now)")
        .bind("channel", channel.id()).bind("user", userId).bind("company", change.companyId())
        .bind("customer", id).bind("now", change.now()).execute();
    Customer created = Customers.find(handle, change.companyId(), id).orElseThrow();
    change.emit(Catalog.CUSTOMER_CREATED, created);
    change.activity("customer", id, "created", created.name() + " wrote for the first time on "
        + channel.platform().title());
    return created;
  }

  /** The thread with {@code customer} on this channel, created on first contact. */
  private static long conversation(Change change, Channels.Credentials channel,
                                   Customer customer, Inbound.Text in) {
    Handle handle = change.handle();
    Optional<Map<String, Object>> known = handle.createQuery("SELECT id, platform_thread_id "
            + "FROM conversations WHERE channel_id = :channel AND platform_user_id = :user")
        .bind("channel", channel.id()).bind("user", in.userId()).mapToMap().findOne();
    if (known.isPresent()) {
      long id = ((Number) known.get().get("id")).longValue();
      if (!in.threadId().equals(known.get().get("platform_thread_id"))) {
        // TikTok may open a new conversation id for the same user; replies must address it.
        handle.createUpdate("UPDATE conversations SET platform_thread_id = :thread WHERE id = :id")
            .bind("thread", in.threadId()).bind("id", id).execute();
      }
      return id;
    }
    long id = handle.createQuery("INSERT INTO conversations (company_id, channel_id, "
            + "customer_id, platform_user_id, platform_thread_id, status, created_at, updated_at) "
            + "VALUES (:company, :channel, :customer, :user, :thread, 'open', :now, :now) "
            + "RETURNING id")
        .bind("company", change.companyId()).bind("channel", channel.id())
        .bind("customer", customer.id()).bind("user", in.userId())
        .bind("thread", in.threadId()).bind("now", change.now()).mapTo(Long.class).one();
    change.emit(Catalog.CONVERSATION_CREATED, Conversations.find(handle, change.companyId(), id)
        .orElseThrow());
    return id;
  }

  /** Moves the statuses a receipt covers; returns how many messages changed. */
  private static int receipt(Change change, Channels.Credentials channel, Inbound.Receipt in) {
    Handle handle = change.handle();
    Optional<Long> conversation = handle.createQuery("SELECT id FROM conversations WHERE "
            + "channel_id = :channel AND platform_user_id = :user")
        .bind("channel", channel.id()).bind("user", in.userId()).mapTo(Long.class).findOne();
    if (conversation.isEmpty()) {
      return 0;
    }
    // A failed message stays failed; pending ones have no platform id a receipt could cover.
    String from = in.read() ? "delivery_status IN ('sent', 'delivered')"
        : "delivery_status = 'sent'";
    String covered = in.messageIds().isEmpty() ? "sent_at <= :watermark"
        : "(sent_at <= :watermark OR platform_message_id IN (<mids>))";
    var query = handle.createQuery("SELECT id FROM messages WHERE conversation_id = "
            + ":conversation AND sender = 'agent' AND " + from + " AND " + covered
            + " ORDER BY id")
        .bind("conversation", conversation.get()).bind("watermark", in.watermark());
    if (!in.messageIds().isEmpty()) {
      query.bindList("mids", in.messageIds());
    }
    List<Long> ids = query.mapTo(Long.class).list();
    String status = in.read() ? "read" : "delivered";
    for (long id : ids) {
      handle.createUpdate("UPDATE messages SET delivery_status = :status, updated_at = :now, "
              + "version = version + 1 WHERE id = :id")
          .bind("status", status).bind("now", change.now()).bind("id", id).execute();
      change.emit(Catalog.MESSAGE_UPDATED, Messages.find(handle, change.companyId(), id)
          .orElseThrow());
    }
    return ids.size();
  }
}

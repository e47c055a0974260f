package dev.chatmesh.server.inbox;

import dev.chatmesh.server.store.Catalog;
import dev.chatmesh.server.store.Change;
import dev.chatmesh.server.store.Database;
import dev.chatmesh.server.store.Store;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code deliveries} table: agent messages waiting for their platform. A node claims a row
 * with a lease before it calls out, so nodes sharing the database never send one message twice
 * at once; the row goes in the same transaction that records the final outcome. Every method
 * runs JDBC and belongs on a worker thread.
 */
public final class SendQueue {

  /** Who the queue's own changes are attributed to in activities and events. */
  static final Change.Actor SYSTEM = new Change.Actor(null, "ChatMesh");

  private static final Logger log = LoggerFactory.getLogger(SendQueue.class);

  private final Store store;
  private final Database.Dialect dialect;
  private final Vault vault;

  SendQueue(Store store, Database.Dialect dialect, Vault vault) {
    this.store = store;
    this.dialect = dialect;
    this.vault = vault;
  }

  /**
   * Queues agent message {@code messageId} for delivery as part of {@code change}, due at once;
   * the caller wakes the worker after the commit ({@link Deliveries#wake}).
   */
  public static void enqueue(Change change, long messageId) {
    change.handle().createUpdate("INSERT INTO deliveries (message_id, company_id, attempts, "
            + "next_attempt_at, created_at) VALUES (:id, :company, 0, :now, :now)")
        .bind("id", messageId).bind("company", change.companyId()).bind("now", change.now())
        .execute();
  }

  /**
   * Claims up to {@code limit} due rows until {@code leaseUntil}, counting an attempt on each;
   * answers the claimed jobs. A row another node claimed first is skipped, never sent twice.
   */
  List<Job> claim(int limit, long now, long leaseUntil) {
    return store.transaction(handle -> {
      List<Long> due = handle.createQuery("SELECT message_id FROM deliveries "
              + "WHERE next_attempt_at <= :now AND (lease_until IS NULL OR lease_until < :now) "
              + "ORDER BY next_attempt_at LIMIT :limit"
              // PostgreSQL: rows another node's claim transaction holds are passed over instead
              // of waited for; the conditional UPDATE below is what makes the claim safe anyway.
              + (dialect == Database.Dialect.POSTGRES ? " FOR UPDATE SKIP LOCKED" : ""))
          .bind("now", now).bind("limit", limit).mapTo(Long.class).list();
      List<Job> claimed = new ArrayList<>();
      for (long id : due) {
        int updated = handle.createUpdate("UPDATE deliveries SET lease_until = :lease, "
                + "attempts = attempts + 1 WHERE message_id = :id "
                + "AND (lease_until IS NULL OR lease_until < :now)")
            .bind("lease", leaseUntil).bind("id", id).bind("now", now).execute();
        if (updated == 1) {
          try {
            job(handle, id, leaseUntil).ifPresent(claimed::add);
          } catch (IllegalStateException e) {
            // A token this node cannot open (another SECRETS_KEY): not the message's fault. The
            // row stays leased and goes to whichever node can open it once the lease ends.
            log.warn("message {}: {}", id, e.getMessage());
          }
        }
      }
      return claimed;
    });
  }

  private Optional<Job> job(Handle handle, long messageId, long lease) {
    return handle.createQuery("SELECT d.company_id, d.attempts, d.created_at, m.channel_id, "
            + "m.content, m.delivery_status, cv.platform_thread_id FROM deliveries d "
            + "JOIN messages m ON m.id = d.message_id "
            + "JOIN conversations cv ON cv.id = m.conversation_id WHERE d.message_id = :id")
        .bind("id", messageId)
        .map((rs, ctx) -> {
          long companyId = rs.getLong("company_id");
          int attempts = rs.getInt("attempts");
          long createdAt = rs.getLong("created_at");
          if (!"pending".equals(rs.getString("delivery_status"))) {
            return new Job(messageId, companyId, attempts, createdAt, lease, null, null,
                "the message is no longer pending");
          }
          Optional<Channels.Credentials> channel = Channels.credentials(handle, vault,
              rs.getLong("channel_id"));
          if (channel.isEmpty()) {
            return new Job(messageId, companyId, attempts, createdAt, lease, null, null,
                "channel removed");
          }
          Channels.Credentials c = channel.get();
          if (c.accessToken() == null || c.accessToken().isBlank()) {
            return new Job(messageId, companyId, attempts, createdAt, lease, c.platform(), null,
                "channel has no access token");
          }
          return new Job(messageId, companyId, attempts, createdAt, lease, c.platform(),
              new Outbound(c.externalId(), c.accessToken(), rs.getString("platform_thread_id"),
                  rs.getString("content")), null);
        })
        .findOne();
  }

  /** Records that the platform accepted {@code job} as {@code platformMessageId}. */
  void sent(Job job, String platformMessageId) {
    store.change(job.companyId(), SYSTEM, change -> {
      Handle handle = change.handle();
      // A Sent is the truth even if this node's lease ran out meanwhile: record it whoever
      // holds the row now, and take the row away so nobody sends again.
      String id = platformMessageId;
      boolean taken = handle.createQuery("SELECT COUNT(*) FROM messages WHERE platform_message_id"
              + " = :pid AND channel_id = (SELECT channel_id FROM messages WHERE id = :id) "
              + "AND id <> :id")
          .bind("pid", id).bind("id", job.messageId()).mapTo(Integer.class).one() > 0;
      if (taken) {
        // The platform's echo of this send was stored as a message of its own first.
        log.warn("message {}: platform id already stored on another message", job.messageId());
        id = null;
      }
      handle.createUpdate("DELETE FROM deliveries WHERE message_id = :id")
          .bind("id", job.messageId()).execute();
      int updated = handle.createUpdate("UPDATE messages SET delivery_status = 'sent', "
              + "platform_message_id = :pid, delivery_error = NULL, updated_at = :now, "
              + "version = version + 1 WHERE id = :id AND company_id = :company "
              + "AND delivery_status = 'pending'")
          .bind("pid", id).bind("now", change.now()).bind("id", job.messageId())
          .bind("company", job.companyId()).execute();
      if (updated == 1) {
        change.emit(Catalog.MESSAGE_UPDATED, Messages.find(handle, job.companyId(),
            job.messageId()).orElseThrow());
      }
      return null;
    });
  }

  /**
   * Makes {@code job} due again at {@code nextAttemptAt}, keeping {@code reason}; nothing
   * happens if this node no longer holds the row's lease.
   */
  void retry(Job job, String reason, long nextAttemptAt) {
    store.transaction(handle -> handle.createUpdate("UPDATE deliveries SET next_attempt_at = "
            + ":next, lease_until = NULL, last_error = :reason WHERE message_id = :id "
            + "AND lease_until = :lease AND attempts = :attempts")
        .bind("next", nextAttemptAt).bind("reason", reason).bind("id", job.messageId())
        .bind("lease", job.lease()).bind("attempts", job.attempts()).execute());
  }

  /**
   * Marks {@code job}'s message {@code failed} with {@code reason} and removes its row, if this
   * node still holds the lease (otherwise another attempt is under way and decides).
   */
  void failed(Job job, String reason) {
    store.change(job.companyId(), SYSTEM, change -> {
      Handle handle = change.handle();
      int held = handle.createUpdate("DELETE FROM deliveries WHERE message_id = :id "
              + "AND lease_until = :lease AND attempts = :attempts")
          .bind("id", job.messageId()).bind("lease", job.lease())
          .bind("attempts", job.attempts()).execute();
      if (held == 0) {
        return null;
      }
      int updated = handle.createUpdate("UPDATE messages SET delivery_status = 'failed', "
              + "delivery_error = :reason, updated_at = :now, version = version + 1 "
              + "WHERE id = :id AND company_id = :company AND delivery_status = 'pending'")
          .bind("reason", reason).bind("now", change.now()).bind("id", job.messageId())
          .bind("company", job.companyId()).execute();
      if (updated == 1) {
        change.emit(Catalog.MESSAGE_UPDATED, Messages.find(handle, job.companyId(),
            job.messageId()).orElseThrow());
      }
      return null;
    });
  }

  /**
   * One claimed delivery.
   *
   * @param messageId the message
   * @param companyId its company
   * @param attempts  attempts so far, this one included
   * @param createdAt when it was queued (epoch ms)
   * @param lease     the lease this node holds (epoch ms)
   * @param platform  the channel's platform, or null when the channel is gone
   * @param outbound  what to send, or null when it cannot be sent
   * @param refusal   why it cannot be sent, or null
   */
  record Job(long messageId, long companyId, int attempts, long createdAt, long lease,
             Platform platform, Outbound outbound, String refusal) {
  }
}

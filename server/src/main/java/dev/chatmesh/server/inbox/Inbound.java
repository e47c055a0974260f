package dev.chatmesh.server.inbox;

import java.util.List;

/**
 * What one platform delivery asks of the inbox, read from its payload: text messages (the
 * customer's, or the business side's echoed back), delivery receipts, and the kinds we do not
 * handle, kept so they can be counted and logged.
 */
sealed interface Inbound {

  /**
   * A text message in the thread with platform user {@code userId}.
   *
   * @param userId    the customer's id on the platform (the sender, or the recipient of an echo)
   * @param threadId  what the send API addresses: the user id, or TikTok's conversation id
   * @param messageId the platform's message id, unique per channel
   * @param text      the text
   * @param sentAt    when the platform says it was sent, epoch milliseconds
   * @param echo      true when the business side sent it (from ChatMesh or another app)
   */
  record Text(String userId, String threadId, String messageId, String text, long sentAt,
              boolean echo) implements Inbound {
  }

  /**
   * The customer's client received or read the business's messages up to {@code watermark}.
   *
   * @param userId     the customer's id on the platform
   * @param read       true for "read", false for "delivered"
   * @param messageIds message ids the platform names explicitly (may be empty)
   * @param watermark  every message sent at or before it is covered, epoch milliseconds
   */
  record Receipt(String userId, boolean read, List<String> messageIds, long watermark)
      implements Inbound {
  }

  /**
   * A part of the delivery the inbox does not handle (yet): answered 200 and logged at debug.
   *
   * @param kind what it was, e.g. {@code postback} or {@code user_send_sticker}
   */
  record Ignored(String kind) implements Inbound {
  }
}

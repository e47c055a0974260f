package dev.chatmesh.server.inbox;

import java.time.Duration;

/**
 * What one call to a platform's send API came to: accepted, worth trying again later, or
 * refused for good. Reasons are readable text from the platform, never a credential.
 */
public sealed interface Outcome {

  /**
   * The platform accepted the message.
   *
   * @param platformMessageId the id it gave the message
   */
  record Sent(String platformMessageId) implements Outcome {
  }

  /**
   * A transient failure (5xx, 429, timeout, connection error): the message may go through later.
   *
   * @param reason     what went wrong, for {@code deliveries.last_error}
   * @param retryAfter how long the platform asked us to wait, or null for our own backoff
   */
  record Retry(String reason, Duration retryAfter) implements Outcome {
  }

  /**
   * The platform refused the message; trying again would be refused the same way.
   *
   * @param reason the platform's explanation, shown to agents as {@code deliveryError}
   */
  record Failed(String reason) implements Outcome {
  }
}

package dev.chatmesh.server.inbox;

import dev.chatmesh.server.Config;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * When a message that failed for a while is tried again, and when it is given up: exponential
 * backoff with full jitter (a random delay up to base × 2^(attempts-1)), so many messages that
 * failed together do not all come back together; a platform's Retry-After wins when longer.
 *
 * @param settings the configured base, attempts and age
 * @param random   a uniform draw in [0, bound) for a bound (injected so tests can fix it)
 */
record Backoff(Config.Delivery settings, LongUnaryOperator random) {

  /** The longest backoff step, so doubling cannot overflow or wait for days. */
  private static final long CAP_MS = Duration.ofHours(1).toMillis();

  /** Backoff drawing from {@link java.util.concurrent.ThreadLocalRandom}. */
  static Backoff of(Config.Delivery settings) {
    return new Backoff(settings, bound -> java.util.concurrent.ThreadLocalRandom.current()
        .nextLong(bound));
  }

  /** The delay before the attempt after {@code attempts} attempts. */
  long delayMillis(int attempts, Duration retryAfter) {
    long base = settings.retryBase().toMillis();
    int doublings = Math.min(Math.max(attempts - 1, 0), 30);
    long ceiling = Math.min(CAP_MS, base << doublings);
    // At least 1 ms, so an attempt is never due at the very instant it failed.
    long delay = 1 + random.applyAsLong(ceiling);
    return retryAfter == null ? delay : Math.max(delay, retryAfter.toMillis());
  }

  /**
   * Why a message that has had {@code attempts} attempts and would next be tried at
   * {@code nextAt} should be given up, or null to try again.
   */
  String exhausted(int attempts, long createdAt, long nextAt) {
    if (attempts >= settings.maxAttempts()) {
      return "gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts");
    }
    if (nextAt - createdAt > settings.maxAge().toMillis()) {
      return "gave up: not sent within " + settings.maxAge().toSeconds() + " s";
    }
    return null;
  }
}

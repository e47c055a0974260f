package dev.chatmesh.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Slows password guessing per account and per source address: after a few free failures each
 * further one locks the key for twice as long as the last (1 s, 2 s, 4 s … up to 15 min), and a
 * successful login clears both keys. A locked login is refused before any password is hashed.
 * Per node, in memory, bounded in size; guarded by {@code this}.
 */
final class LoginThrottle {

  static final int FREE_PER_ACCOUNT = 5;
  static final int FREE_PER_ADDRESS = 20;
  static final Duration MAX_LOCK = Duration.ofMinutes(15);
  private static final int MAX_KEYS = 100_000;

  private final Clock clock;
  private final Map<String, Failures> failures = new HashMap<>();

  private record Failures(int count, long lockedUntil) {
  }

  LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** How long the caller must wait before trying again, or zero. */
  synchronized Duration wait(String email, String address) {
    long now = clock.millis();
    long until = Math.max(lockedUntil("account:" + email), lockedUntil("address:" + address));
    return until > now ? Duration.ofMillis(until - now) : Duration.ZERO;
  }

  /** Counts a wrong password against both keys. */
  synchronized void failed(String email, String address) {
    count("account:" + email, FREE_PER_ACCOUNT);
    count("address:" + address, FREE_PER_ADDRESS);
  }

  /** A correct password: both keys start afresh. */
  synchronized void succeeded(String email, String address) {
    failures.remove("account:" + email);
    failures.remove("address:" + address);
  }

  private long lockedUntil(String key) {
    Failures f = failures.get(key);
    return f == null ? 0 : f.lockedUntil();
  }

  private void count(String key, int free) {
    long now = clock.millis();
    if (failures.size() >= MAX_KEYS) {
      // Under a flood of distinct keys, forget those no longer locked; a full map of locked
      // keys starts over rather than growing without bound.
      failures.values().removeIf(f -> f.lockedUntil() <= now);
      if (failures.size() >= MAX_KEYS) {
        failures.clear();
      }
    }
    Failures before = failures.getOrDefault(key, new Failures(0, 0));
    int count = before.count() + 1;
    long lock = count <= free ? 0
        : Math.min(MAX_LOCK.toMillis(), 1000L << Math.min(20, count - free - 1));
    failures.put(key, new Failures(count, lock == 0 ? 0 : now + lock));
  }
}

package dev.chatmesh.client;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter, as an immutable value: the delay before retry
 * {@code n} (counting from 0) is uniform in {@code [0, min(cap, base * 2^n)]}.
 *
 * @param base    the ceiling of the first delay; a server {@code retry:} field replaces it
 * @param cap     the largest ceiling any delay can have
 * @param attempt how many delays this strategy has already handed out since the last reset
 */
public record Backoff(Duration base, Duration cap, int attempt) {

    /**
     * The delay to wait now, and the strategy to use for the retry after that.
     *
     * @param delay how long to wait before this retry
     * @param next  the strategy for the retry after this one
     */
    public record Step(Duration delay, Backoff next) {
    }

    /** Validates that base and cap are positive and attempt is not negative. */
    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("backoff base must be positive, was " + base);
        }
        if (cap.isNegative() || cap.isZero()) {
            throw new IllegalArgumentException("backoff cap must be positive, was " + cap);
        }
        if (attempt < 0) {
            throw new IllegalArgumentException("backoff attempt must be >= 0, was " + attempt);
        }
    }

    /** A fresh strategy with the given base and cap. */
    public static Backoff of(Duration base, Duration cap) {
        return new Backoff(base, cap, 0);
    }

    /** The default strategy: base 1 s, cap 30 s. */
    public static Backoff defaults() {
        return of(Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /** The upper bound of the next delay: {@code min(cap, base * 2^attempt)}. */
    public Duration ceiling() {
        long baseMillis = Math.max(1, base.toMillis());
        long capMillis = Math.max(1, cap.toMillis());
        // Once the shift would pass the cap (or overflow) the answer is the cap.
        if (attempt >= 62 || baseMillis > (capMillis >> Math.min(attempt, 62))) {
            return Duration.ofMillis(capMillis);
        }
        return Duration.ofMillis(Math.min(capMillis, baseMillis << attempt));
    }

    /** Draws the next delay from {@code random} and returns it with the following strategy. */
    public Step next(RandomGenerator random) {
        long delay = random.nextLong(ceiling().toMillis() + 1);
        int following = attempt == Integer.MAX_VALUE ? attempt : attempt + 1;
        return new Step(Duration.ofMillis(delay), new Backoff(base, cap, following));
    }

    /** The same strategy with the attempt counter back at zero. */
    public Backoff reset() {
        return new Backoff(base, cap, 0);
    }

    /** The same strategy with a new base, as a server's {@code retry:} field asks. */
    public Backoff withBase(Duration newBase) {
        return new Backoff(newBase, cap, attempt);
    }
}

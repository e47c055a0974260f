package dev.chatmesh.realtime;

import java.time.Duration;

/**
 * Tuning of the hub, validated once at start-up.
 *
 * @param heartbeat          how long a stream may stay silent before a {@code : ping} comment
 * @param retry              the reconnection delay suggested to clients in the {@code retry:} field
 * @param perAccountLimit    open streams and held long-polls one account may hold over the
 *                           live nodes (the others counted as of their last census)
 * @param perCompanyLimit    the same for one company
 * @param queueBytes         bytes a stream may have waiting to be sent before it counts as slow
 *                           and is disconnected (it resumes by id)
 * @param catchUpBatch       events read from history per query while a stream catches up
 * @param catchUpBufferLimit live events a catching-up stream holds before it drops them and
 *                           reads them from history instead
 * @param gapHold            how long a company's later event is held while an earlier one is
 *                           still on its way, before the gap is read from history
 * @param relayInterval      how often the heads of companies with local streams are checked,
 *                           so that an event committed but never published is still delivered
 */
public record HubOptions(Duration heartbeat, Duration retry, int perAccountLimit,
                         int perCompanyLimit, int queueBytes, int catchUpBatch,
                         int catchUpBufferLimit, Duration gapHold, Duration relayInterval) {

  /** Checks every value. */
  public HubOptions {
    requirePositive("heartbeat", heartbeat.toMillis());
    requirePositive("retry", retry.toMillis());
    requirePositive("perAccountLimit", perAccountLimit);
    requirePositive("perCompanyLimit", perCompanyLimit);
    requirePositive("queueBytes", queueBytes);
    requirePositive("catchUpBatch", catchUpBatch);
    requirePositive("catchUpBufferLimit", catchUpBufferLimit);
    requirePositive("gapHold", gapHold.toMillis());
    requirePositive("relayInterval", relayInterval.toMillis());
  }

  /**
   * The settings an operator configures, with the engine's defaults for the rest: a 2 s
   * {@code retry}, 500 events per catch-up read, 10,000 live events buffered while catching up,
   * a 150 ms gap hold and a relay every second.
   */
  public static HubOptions withDefaults(Duration heartbeat, int perAccountLimit,
                                        int perCompanyLimit, int queueBytes) {
    return new HubOptions(heartbeat, Duration.ofSeconds(2), perAccountLimit, perCompanyLimit,
        queueBytes, 500, 10_000, Duration.ofMillis(150), Duration.ofSeconds(1));
  }

  private static void requirePositive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}

package dev.chatmesh.realtime;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The durable event history of every company, read by streams that resume or fill a gap.
 * Every method blocks and is only ever called from a worker thread.
 */
public interface History {

  /**
   * The events of {@code companyId} with a sequence number greater than {@code after}, oldest
   * first, at most {@code limit}; {@code after == null} asks only for the head.
   */
  Page read(long companyId, Long after, int limit);

  /** The head (latest committed sequence number, 0 when none) of each company. */
  Map<Long, Long> heads(Collection<Long> companyIds);

  /**
   * One read of history.
   *
   * @param events    the events found, oldest first
   * @param head      the company's latest committed sequence number when read
   * @param truncated whether events after the requested id were already removed by retention
   */
  record Page(List<Event> events, long head, boolean truncated) {
    /** Copies the list. */
    public Page {
      events = List.copyOf(events);
    }

    /**
     * Whether a client that has everything up to {@code after} must reload instead of resuming:
     * what follows it was removed by retention, or it is beyond the head (another history).
     */
    public boolean resets(long after) {
      return truncated || after > head;
    }
  }
}

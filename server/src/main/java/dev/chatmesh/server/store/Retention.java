package dev.chatmesh.server.store;

import java.time.Duration;

/**
 * Keeps each company's event history within its limits (count and age). The highest id it
 * removes becomes the company's history floor: a client resuming from below it gets a
 * {@code reset} instead of a silent gap.
 */
public final class Retention {

  private static final String EXPIRED = "e.company_id = companies.id AND (e.created_at < :cutoff "
      + "OR e.seq <= companies.event_seq - :keep)";

  private final Database db;
  private final int maxEvents;
  private final Duration maxAge;

  /** Keeps at most {@code maxEvents} per company, none older than {@code maxAge}. */
  public Retention(Database db, int maxEvents, Duration maxAge) {
    this.db = db;
    this.maxEvents = maxEvents;
    this.maxAge = maxAge;
  }

  /** Removes what is past the limits; returns how many events were removed. */
  public int run() {
    long cutoff = System.currentTimeMillis() - maxAge.toMillis();
    return db.transaction(handle -> {
      handle.createUpdate("UPDATE companies SET history_floor = (SELECT MAX(e.seq) FROM events e "
              + "WHERE " + EXPIRED + ") WHERE EXISTS (SELECT 1 FROM events e WHERE " + EXPIRED
              + ")")
          .bind("cutoff", cutoff).bind("keep", maxEvents).execute();
      return handle.createUpdate("DELETE FROM events WHERE seq <= (SELECT c.history_floor FROM "
              + "companies c WHERE c.id = events.company_id)")
          .execute();
    });
  }
}

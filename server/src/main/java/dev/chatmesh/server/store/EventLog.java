package dev.chatmesh.server.store;

import dev.chatmesh.realtime.Event;
import dev.chatmesh.realtime.History;
import dev.chatmesh.server.json.Json;
import org.jdbi.v3.core.Handle;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code events} table: appended to inside each change's transaction (the outbox) and read
 * back by streams that resume or fill a gap (the history).
 */
public final class EventLog implements History {

  private final Database db;

  /** Reads and writes events in {@code db}. */
  public EventLog(Database db) {
    this.db = db;
  }

  /**
   * Appends one event in the caller's transaction and returns it. Taking the next sequence
   * number locks the company row until commit, so a company's events commit in id order.
   */
  static Event append(Handle handle, long companyId, String type, String topic, String dataJson,
                      Long recipientId, Long revokes) {
    long seq = handle.createQuery(
            "UPDATE companies SET event_seq = event_seq + 1 WHERE id = :id RETURNING event_seq")
        .bind("id", companyId).mapTo(Long.class).one();
    long now = System.currentTimeMillis();
    String envelope = "{\"id\":\"" + seq + "\",\"type\":" + Json.write(type)
        + ",\"company_id\":" + companyId + ",\"timestamp\":\"" + Json.timestamp(now)
        + "\",\"data\":" + dataJson + "}";
    handle.createUpdate("INSERT INTO events (company_id, seq, type, topic, recipient_id, "
            + "revokes, payload, created_at) VALUES (:company, :seq, :type, :topic, :recipient, "
            + ":revokes, :payload, :now)")
        .bind("company", companyId).bind("seq", seq).bind("type", type).bind("topic", topic)
        .bind("recipient", recipientId).bind("revokes", revokes).bind("payload", envelope)
        .bind("now", now).execute();
    return Event.of(companyId, seq, type, topic, recipientId, revokes, envelope,
        System.nanoTime());
  }

  @Override
  public Page read(long companyId, Long after, int limit) {
    return db.read(handle -> {
      Map<String, Object> company = handle.createQuery(
              "SELECT event_seq, history_floor FROM companies WHERE id = :id")
          .bind("id", companyId).mapToMap().findOne().orElse(Map.of());
      long head = number(company.get("event_seq"));
      long floor = number(company.get("history_floor"));
      if (after == null) {
        return new Page(List.of(), head, false);
      }
      List<Event> events = handle.createQuery("SELECT seq, type, topic, recipient_id, revokes, "
              + "payload FROM events WHERE company_id = :id AND seq > :after ORDER BY seq "
              + "LIMIT :limit")
          .bind("id", companyId).bind("after", after).bind("limit", limit)
          .map((rs, ctx) -> Event.of(companyId, rs.getLong("seq"), rs.getString("type"),
              rs.getString("topic"), nullableLong(rs, "recipient_id"),
              nullableLong(rs, "revokes"), rs.getString("payload"), 0))
          .list();
      long last = events.isEmpty() ? head : Math.max(head, events.getLast().seq());
      return new Page(events, last, after < floor);
    });
  }

  @Override
  public Map<Long, Long> heads(Collection<Long> companyIds) {
    if (companyIds.isEmpty()) {
      return Map.of();
    }
    return db.read(handle -> {
      Map<Long, Long> heads = new HashMap<>();
      handle.createQuery("SELECT id, event_seq FROM companies WHERE id IN (<ids>)")
          .bindList("ids", List.copyOf(companyIds))
          .map((rs, ctx) -> heads.put(rs.getLong("id"), rs.getLong("event_seq")))
          .list();
      return heads;
    });
  }

  private static long number(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }

  private static Long nullableLong(java.sql.ResultSet rs, String column)
      throws java.sql.SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }
}

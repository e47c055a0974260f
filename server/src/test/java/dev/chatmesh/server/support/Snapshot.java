package dev.chatmesh.server.support;

import dev.chatmesh.server.store.Database;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a change could touch, read straight from the database: every row of every
 * company-data table (companies with their event heads, accounts, employees, customers, notes,
 * activities, notifications, API keys, events). Logins add sessions, so those are left out.
 * Two snapshots are equal exactly when nothing was changed between them.
 *
 * @param tables each table's rows in primary-key order
 */
public record Snapshot(Map<String, List<Map<String, Object>>> tables) {

  private static final Map<String, String> TABLES = ordering();

  /** Reads the whole state of {@code db}. */
  public static Snapshot of(Database db) {
    return db.read(handle -> {
      Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
      TABLES.forEach((table, order) -> rows.put(table, handle.createQuery(
          "SELECT * FROM " + table + " ORDER BY " + order).mapToMap().list()));
      return new Snapshot(rows);
    });
  }

  /** The state of the database behind {@code server}. */
  public static Snapshot of(Node server) {
    return of(server.database());
  }

  /** How many rows {@code table} has. */
  public int count(String table) {
    return tables.get(table).size();
  }

  /** The event head (last event id) of {@code companyId}. */
  public long head(long companyId) {
    return tables.get("companies").stream()
        .filter(c -> ((Number) c.get("id")).longValue() == companyId)
        .map(c -> ((Number) c.get("event_seq")).longValue())
        .findFirst().orElseThrow();
  }

  private static Map<String, String> ordering() {
    Map<String, String> tables = new LinkedHashMap<>();
    for (String table : List.of("companies", "accounts", "employees", "customers", "notes",
        "activities", "notifications", "api_keys")) {
      tables.put(table, "id");
    }
    tables.put("events", "company_id, seq");
    return tables;
  }
}

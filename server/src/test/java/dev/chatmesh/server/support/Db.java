package dev.chatmesh.server.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which database a test server runs on: the embedded SQLite file, or a fresh schema of the
 * machine's PostgreSQL (127.0.0.1:5432, database {@code test}; override with
 * {@code TEST_POSTGRES_URL}) that is dropped afterwards.
 *
 * @param name a label for parameterized test names
 * @param url  the DATABASE_URL, or null for SQLite
 * @param schema the PostgreSQL schema to drop, or null
 */
public record Db(String name, String url, String schema) {

  private static final String POSTGRES = System.getenv().getOrDefault("TEST_POSTGRES_URL",
      "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  /** The embedded default. */
  public static Db sqlite() {
    return new Db("sqlite", null, null);
  }

  /** A new, empty PostgreSQL schema. */
  public static Db postgres() {
    String schema = "t_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
    return new Db("postgres", POSTGRES + "&currentSchema=" + schema, schema);
  }

  /** Both engines, for suites that must pass on each. */
  public static java.util.stream.Stream<Db> both() {
    return java.util.stream.Stream.of(sqlite(), postgres());
  }

  void drop() {
    if (schema == null) {
      return;
    }
    try (Connection c = DriverManager.getConnection(POSTGRES)) {
      c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop test schema " + schema, e);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}

package dev.chatmesh.server.store;

import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;
import org.sqlite.SQLiteConnection;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Keeps SQLite's prepared statements per connection and hands them out again by their SQL.
 * Compiling a statement costs SQLite more than running it (about 20 µs against a few for an
 * indexed lookup on this schema), and neither the driver nor Hikari nor Jdbi keeps them
 * (PostgreSQL's driver does, on its own). A statement is prepared on the pooled connection's
 * physical SQLite connection, so Hikari does not close it when the connection goes back to the
 * pool; it is reset by the driver after each use (its result set closed, or its update done)
 * and parked until the same SQL is asked for on the same connection. Statements that fail badly
 * enough for the driver to close them are not parked. A connection keeps its
 * {@link #PER_CONNECTION} most recently used statements and closes the others.
 */
final class StatementCache implements StatementBuilderFactory {

  /** Statements parked per connection; the application has fewer distinct hot statements. */
  static final int PER_CONNECTION = 128;

  private final Map<SQLiteConnection, Parked> connections =
      Collections.synchronizedMap(new WeakHashMap<>());

  @Override
  public StatementBuilder createStatementBuilder(Connection conn) {
    return new Builder();
  }

  /** One handle's builder: it knows which of its statements came from which connection. */
  private final class Builder implements StatementBuilder {
    private final DefaultStatementBuilder plain = new DefaultStatementBuilder();
    private final Map<Statement, Lease> leased = new IdentityHashMap<>();

    @Override
    public Statement create(Connection conn, StatementContext ctx) throws SQLException {
      return plain.create(conn, ctx);
    }

    @Override
    public PreparedStatement create(Connection conn, String sql, StatementContext ctx)
        throws SQLException {
      if (ctx.isReturningGeneratedKeys() || ctx.isConcurrentUpdatable()
          || !conn.isWrapperFor(SQLiteConnection.class)) {
        return plain.create(conn, sql, ctx);
      }
      SQLiteConnection physical = conn.unwrap(SQLiteConnection.class);
      Parked parked = connections.computeIfAbsent(physical, key -> new Parked());
      PreparedStatement statement = parked.take(physical, sql);
      leased.put(statement, new Lease(parked, sql));
      return statement;
    }

    @Override
    public void close(Connection conn, String sql, Statement stmt) throws SQLException {
      Lease lease = stmt == null ? null : leased.remove(stmt);
      if (lease == null) {
        plain.close(conn, sql, stmt);
        return;
      }
      lease.parked().put(lease.sql(), (PreparedStatement) stmt);
    }

    @Override
    public CallableStatement createCall(Connection conn, String sql, StatementContext ctx)
        throws SQLException {
      return plain.createCall(conn, sql, ctx);
    }
  }

  private record Lease(Parked parked, String sql) {
  }

  /**
   * The idle statements of one physical connection, least recently used first. Only the thread
   * that holds the connection touches them. (It must not refer to the connection, which the
   * weak map would then never let go.)
   */
  private static final class Parked {
    private final LinkedHashMap<String, PreparedStatement> idle =
        new LinkedHashMap<>(32, 0.75f, true);

    PreparedStatement take(SQLiteConnection physical, String sql) throws SQLException {
      PreparedStatement statement = idle.remove(sql);
      return statement != null ? statement : physical.prepareStatement(sql);
    }

    void put(String sql, PreparedStatement statement) throws SQLException {
      if (statement.isClosed()) {
        return;
      }
      statement.clearParameters();
      PreparedStatement previous = idle.put(sql, statement);
      if (previous != null) {
        previous.close();
      }
      if (idle.size() > PER_CONNECTION) {
        var eldest = idle.entrySet().iterator();
        PreparedStatement evicted = eldest.next().getValue();
        eldest.remove();
        evicted.close();
      }
    }
  }
}

package dev.chatmesh.server.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SQLite's statements are compiled once per connection and used again (StatementCache): the
 * answers stay those of fresh statements, after failures and half-read results too.
 */
class StatementCacheTest {

  private static final String SELECT = "SELECT v FROM t WHERE id >= :from ORDER BY id";
  private static final String INSERT = "INSERT INTO t (id, v) VALUES (:id, :v)";

  @TempDir
  Path dir;
  private Database db;
  private final List<PreparedStatement> executed = new ArrayList<>();

  @BeforeEach
  void open() {
    db = Database.open(null, dir);
    db.transaction(handle -> handle.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, "
        + "v TEXT NOT NULL UNIQUE)"));
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void theSameSqlRunsTheStatementCompiledBeforeWithTheNewValues() {
    insert(1, "one");
    insert(2, "two");
    assertThat(read(1)).containsExactly("one", "two");
    assertThat(read(2)).containsExactly("two");
    assertThat(read(3)).isEmpty();
    // one pooled connection served the reads in turn: one statement, three executions
    assertThat(executed).hasSize(3);
    assertThat(executed.get(1)).isSameAs(executed.get(0));
    assertThat(executed.get(2)).isSameAs(executed.get(0));
  }

  @Test
  void aStatementThatFailedWorksAgainAndItsTransactionLeftNothing() {
    insert(1, "one");
    assertThatThrownBy(() -> db.transaction(handle -> {
      handle.createUpdate(INSERT).bind("id", 2).bind("v", "two").execute();
      return handle.createUpdate(INSERT).bind("id", 3).bind("v", "one").execute();
    })).isInstanceOf(UnableToExecuteStatementException.class).hasMessageContaining("UNIQUE");
    assertThat(read(1)).containsExactly("one");
    insert(2, "two");
    assertThat(read(1)).containsExactly("one", "two");
  }

  @Test
  void aResultLeftHalfReadDoesNotKeepAnOldSnapshot() {
    insert(1, "one");
    insert(2, "two");
    List<String> after = db.read(handle -> {
      assertThat(query(handle, 1).mapTo(String.class).findFirst()).contains("one");
      // another connection (another thread's) writes while this one's statement is parked
      CompletableFuture.runAsync(() -> db.transaction(other -> other.createUpdate(
          "UPDATE t SET v = 'uno' WHERE id = 1").execute())).join();
      return query(handle, 1).mapTo(String.class).list();
    });
    assertThat(after).containsExactly("uno", "two");
    assertThat(executed).hasSize(2);
    assertThat(executed.get(1)).isSameAs(executed.get(0));
  }

  private List<String> read(long from) {
    return db.read(handle -> query(handle, from).mapTo(String.class).list());
  }

  private org.jdbi.v3.core.statement.Query query(Handle handle, long from) {
    return handle.createQuery(SELECT).bind("from", from).addCustomizer(new StatementCustomizer() {
      @Override
      public void beforeExecution(PreparedStatement stmt, StatementContext ctx) {
        executed.add(stmt);
      }
    });
  }

  private void insert(long id, String v) {
    db.transaction(handle -> handle.createUpdate(INSERT).bind("id", id).bind("v", v).execute());
  }
}

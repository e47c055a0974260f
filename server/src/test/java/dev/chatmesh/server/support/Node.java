package dev.chatmesh.server.support;

import dev.chatmesh.server.App;
import dev.chatmesh.server.Config;
import dev.chatmesh.server.store.Database;
import dev.chatmesh.server.store.Retention;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real ChatMesh node for tests, on a random port and a fresh database (a SQLite file in its
 * own {@code DATA_DIR}, or a fresh PostgreSQL schema), wired exactly as {@code Main} wires it.
 *
 * <p>Three ways to use one:
 * <pre>{@code
 * // a node for the whole class: started before all tests, closed after them
 * @RegisterExtension static final Node server = Node.sqlite(Map.of("TOKEN_TTL_SECONDS", "2"));
 *
 * // the class once per database engine: JUnit closes each argument after its run
 * @ParameterizedClass(name = "{0}") @MethodSource("engines")
 * class StoreContractTest {
 *   static Stream<Node> engines() { return Node.onEachEngine(); }
 *   @BeforeParameterizedClassInvocation static void setUp(Node node) { server = node.start(); }
 * }
 *
 * // a node for one test
 * try (Node node = Node.with(Db.postgres(), Map.of("REDIS_URL", "redis://…")).start()) { … }
 * }</pre>
 *
 * <p>Settings are environment variable names ({@code HISTORY_MAX_EVENTS}, …) over the test
 * defaults ({@code PORT=0}, two HTTP verticles, {@code LOG_LEVEL=WARN}). Assertions on stored
 * rows go through {@link #database()}, the test's own connection pool on the node's database,
 * which stays usable across {@link #restart()}.
 */
public final class Node implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

  private final Db db;
  private final Map<String, String> settings;
  private Path dataDir;
  private Vertx vertx;
  private App app;
  private Database database;

  private Node(Db db, Map<String, String> extra) {
    this.db = db;
    this.settings = new HashMap<>(Map.of("PORT", "0", "HOST", "127.0.0.1",
        "HTTP_VERTICLES", "2", "LOG_LEVEL", "WARN"));
    if (db.url() != null) {
      settings.put("DATABASE_URL", db.url());
    }
    settings.putAll(extra);
  }

  /** A node on a fresh embedded SQLite database with default settings. */
  public static Node sqlite() {
    return sqlite(Map.of());
  }

  /** A node on a fresh embedded SQLite database with extra {@code settings}. */
  public static Node sqlite(Map<String, String> settings) {
    return with(Db.sqlite(), settings);
  }

  /** A node on {@code db} with extra {@code settings}; nodes given one {@link Db} share it. */
  public static Node with(Db db, Map<String, String> settings) {
    return new Node(db, settings);
  }

  /** One not yet started node per database engine, named after it, for parameterized classes. */
  public static Stream<Node> onEachEngine() {
    return Db.both().map(db -> with(db, Map.of()));
  }

  /** Starts the node (migrating its database) unless it runs already; returns this. */
  public Node start() {
    if (app != null) {
      return this;
    }
    try {
      if (dataDir == null) {
        dataDir = Files.createTempDirectory("chatmesh-test");
        settings.put("DATA_DIR", dataDir.toString());
      }
      PrometheusMeterRegistry metrics = App.registry();
      vertx = App.vertx(metrics);
      app = App.start(vertx, metrics, Config.from(settings), false).await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("test node did not start", e);
    }
    // A restart comes back on the same port, so clients and browsers keep their URL.
    settings.put("PORT", Integer.toString(app.port()));
    return this;
  }

  /** Stops the node the way SIGTERM does and starts it again on the same data and port. */
  public void restart() {
    stop();
    start();
  }

  /**
   * Stops the node, keeps it down for {@code downtime} (an outage of a known length, for clients
   * to back off through), and starts it again on the same data and port.
   */
  public void restart(java.time.Duration downtime) {
    stop();
    try {
      Thread.sleep(downtime.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    start();
  }

  /** Stops the node: streams are ended, the port is freed; the data stays for {@link #start}. */
  public void stop() {
    if (app == null) {
      return;
    }
    try {
      app.stop().await(20, TimeUnit.SECONDS);
      vertx.close().await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("test node did not stop", e);
    } finally {
      app = null;
    }
  }

  /** The node's {@code DATA_DIR} (set once it has started). */
  public Path dataDir() {
    return dataDir;
  }

  /** The base URL, ending in {@code /}. */
  public String url() {
    return "http://127.0.0.1:" + port() + "/";
  }

  /** The port the running node listens on. */
  public int port() {
    return running().port();
  }

  /** The running node itself, for its realtime hub. */
  public App app() {
    return running();
  }

  /** A client for this node's API; it may be made before the node starts. */
  public Api api() {
    return new Api(this::url);
  }

  /** The test's own connection pool on the node's database, opened on first use. */
  public synchronized Database database() {
    if (database == null) {
      running();
      database = Database.open(db.url(), dataDir);
    }
    return database;
  }

  /** The history retention job with the node's limits, run against {@link #database()}. */
  public Retention retention() {
    Config config = Config.from(settings);
    return new Retention(database(), config.historyMaxEvents(), config.historyMaxAge());
  }

  /** Stops the node and deletes its data. */
  @Override
  public void close() {
    stop();
    if (database != null) {
      database.close();
    }
    db.drop();
    if (dataDir != null) {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a leftover temp directory is harmless
      }
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public String toString() {
    return db.name();
  }

  private App running() {
    if (app == null) {
      throw new IllegalStateException("the test node is not running; call start() first");
    }
    return app;
  }
}

package dev.chatmesh.server.support;

import dev.chatmesh.server.App;
import dev.chatmesh.server.Config;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real ChatMesh node on a random port, on a fresh SQLite file or a fresh PostgreSQL schema,
 * exactly as {@code Main} wires it. {@link #restart()} stops it and starts it again on the same
 * data and port.
 */
public final class TestServer implements AutoCloseable {

  private final Db db;
  private final Path dataDir;
  private final Map<String, String> settings;
  private Vertx vertx;
  private App app;
  private int port;

  private TestServer(Db db, Map<String, String> extra) throws IOException {
    this.db = db;
    this.dataDir = Files.createTempDirectory("chatmesh-test");
    this.settings = new HashMap<>(Map.of("PORT", "0", "DATA_DIR", dataDir.toString(),
        "HOST", "127.0.0.1", "HTTP_VERTICLES", "2", "LOG_LEVEL", "WARN"));
    if (db.url() != null) {
      settings.put("DATABASE_URL", db.url());
    }
    settings.putAll(extra);
    boot();
  }

  /** A node on a fresh embedded SQLite database. */
  public static TestServer start(Map<String, String> settings) {
    return start(Db.sqlite(), settings);
  }

  /** A node on {@code db}, with extra settings (environment variable names). */
  public static TestServer start(Db db, Map<String, String> settings) {
    try {
      return new TestServer(db, settings);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A node with default settings on a fresh SQLite database. */
  public static TestServer start() {
    return start(Map.of());
  }

  private void boot() {
    vertx = Vertx.vertx();
    try {
      app = App.start(vertx, Config.from(settings)).await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("test server did not start", e);
    }
    port = app.port();
    settings.put("PORT", Integer.toString(port));
  }

  /** Stops the node the way SIGTERM does and starts it again on the same data and port. */
  public void restart() {
    stop();
    boot();
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
    boot();
  }

  /** Stops the node (streams are ended, the port is freed). */
  public void stop() {
    try {
      app.stop().await(20, TimeUnit.SECONDS);
      vertx.close().await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The base URL, ending in {@code /}. */
  public String url() {
    return "http://127.0.0.1:" + port + "/";
  }

  /** The port. */
  public int port() {
    return port;
  }

  /** The running node. */
  public App app() {
    return app;
  }

  /** A client for this node's API. */
  public Api api() {
    return new Api(url());
  }

  @Override
  public void close() {
    stop();
    db.drop();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp directory is harmless
    }
  }
}

package dev.chatmesh.server.chaos;

import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** A redis-server of the test's own on a free loopback port; it may be killed and restarted. */
final class PrivateRedis implements AutoCloseable {

  private final Path dir;
  private final int port;
  private Proc server;

  PrivateRedis(Path dir) {
    this.dir = dir;
    this.port = Proc.freePort();
    start();
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  void start() {
    server = Proc.start("redis-server", List.of("redis-server", "--bind", "127.0.0.1",
        "--port", Integer.toString(port), "--save", "", "--appendonly", "no",
        "--dir", dir.toString()), Map.of(), dir.resolve("redis.log"));
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return true;
      }
    });
  }

  /** kill -9: subscribers lose their connection and every message in flight. */
  void kill() {
    server.kill();
  }

  @Override
  public void close() {
    if (server != null) {
      server.kill();
    }
  }
}

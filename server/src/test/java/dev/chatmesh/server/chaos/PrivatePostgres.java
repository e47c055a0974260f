package dev.chatmesh.server.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * A PostgreSQL of the test's own: initdb in a temporary directory, the postmaster on a free
 * loopback port, so it may be stopped and restarted without touching the machine's server.
 */
final class PrivatePostgres implements AutoCloseable {

  private final Path data;
  private final Path log;
  private final int port;
  private Proc postmaster;

  PrivatePostgres(Path dir) throws IOException {
    Files.createDirectories(dir);
    this.data = dir.resolve("pg");
    this.log = dir.resolve("postgres.log");
    this.port = Proc.freePort();
    Files.createDirectories(data);
    if (!Proc.asDatabaseUser().isEmpty()) {
      UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService()
          .lookupPrincipalByName("postgres");
      Files.setOwner(dir, postgres);
      Files.setOwner(data, postgres);
    }
    List<String> initdb = new ArrayList<>(Proc.asDatabaseUser());
    initdb.addAll(List.of("initdb", "-D", data.toString(), "-U", "postgres", "-A", "trust"));
    Proc.run("initdb", initdb, dir.resolve("initdb.log"));
    start();
  }

  String url() {
    return "postgres://postgres@127.0.0.1:" + port + "/postgres";
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  /** Starts the postmaster and waits until it accepts connections. */
  void start() {
    List<String> command = new ArrayList<>(Proc.asDatabaseUser());
    command.addAll(List.of("postgres", "-D", data.toString(), "-p", Integer.toString(port),
        "-k", data.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
        "-c", "max_connections=200"));
    postmaster = Proc.start("postgres", command, Map.of(), log);
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
      try (var c = DriverManager.getConnection(jdbcUrl())) {
        return c.isValid(1);
      }
    });
  }

  /** A fast shutdown (SIGINT): clients are disconnected, transactions rolled back. */
  void stop() {
    postmaster.stop("INT");
  }

  @Override
  public void close() {
    if (postmaster != null) {
      postmaster.stop("INT");
    }
  }
}

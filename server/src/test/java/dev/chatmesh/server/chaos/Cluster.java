package dev.chatmesh.server.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * Node processes started from the built server jar, sharing a private PostgreSQL and Redis,
 * behind nginx configured from {@code deploy/nginx.conf.template} — what an operator runs.
 */
final class Cluster implements AutoCloseable {

  private static final Path JAR = Path.of("target", "chatmesh-server.jar");
  private static final Path TEMPLATE = Path.of("..", "deploy", "nginx.conf.template");

  private final Path dir;
  private final Map<String, String> env;
  private final int[] ports;
  private final Proc[] nodes;
  private final int proxyPort = Proc.freePort();
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();
  private Proc nginx;

  Cluster(Path dir, int size, PrivatePostgres db, PrivateRedis redis, Map<String, String> extra)
      throws IOException {
    this.dir = dir;
    this.ports = new int[size];
    this.nodes = new Proc[size];
    env = new HashMap<>(Map.of("DATABASE_URL", db.url(), "REDIS_URL", redis.url(),
        "TOKEN_SECRET", "chaos-token-secret-of-at-least-32-characters",
        "SECRETS_KEY", "chaos-secrets-key-of-at-least-32-characters",
        "HOST", "127.0.0.1", "HTTP_VERTICLES", "2", "TRUSTED_PROXIES", "127.0.0.1",
        "LOG_LEVEL", "INFO"));
    env.putAll(extra);
    for (int i = 0; i < size; i++) {
      ports[i] = Proc.freePort();
      start(i);
    }
    for (int i = 0; i < size; i++) {
      awaitReady(i);
    }
    startNginx();
  }

  /** The URL clients use: nginx. */
  String url() {
    return "http://127.0.0.1:" + proxyPort;
  }

  /** One node's own URL, bypassing nginx. */
  String nodeUrl(int node) {
    return "http://127.0.0.1:" + ports[node];
  }

  int size() {
    return nodes.length;
  }

  void start(int node) {
    Map<String, String> nodeEnv = new HashMap<>(env);
    nodeEnv.put("PORT", Integer.toString(ports[node]));
    nodeEnv.put("DATA_DIR", dir.resolve("node" + node).toString());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    nodes[node] = Proc.start("node" + node, List.of(java, "-Xmx512m", "-XX:+UseZGC",
            "--enable-native-access=ALL-UNNAMED", "-jar", JAR.toAbsolutePath().toString()),
        nodeEnv, dir.resolve("node" + node + ".log"));
  }

  void awaitReady(int node) {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
        .ignoreExceptions().until(() -> status(nodeUrl(node) + "/health/ready") == 200);
  }

  /** kill -9 of one node. */
  void kill(int node) {
    nodes[node].kill();
  }

  /** GET {@code url}'s status, or -1 when nothing answers. */
  int status(String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
          .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** One node's {@code /metrics} text. */
  String metrics(int node) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(nodeUrl(node) + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private void startNginx() throws IOException {
    Path prefix = Files.createDirectories(dir.resolve("nginx"));
    String servers = java.util.Arrays.stream(ports)
        .mapToObj(p -> "    server 127.0.0.1:" + p + " max_fails=1 fail_timeout=2s;")
        .collect(Collectors.joining("\n"));
    String config = Files.readString(TEMPLATE)
        .replace("@PREFIX@", prefix.toString())
        .replace("@WORKERS@", "4")
        .replace("@LISTEN@", "127.0.0.1:" + proxyPort)
        .replace("@SERVERS@", servers);
    Path file = prefix.resolve("nginx.conf");
    Files.writeString(file, config);
    nginx = Proc.start("nginx", List.of("nginx", "-p", prefix.toString(), "-c",
        file.toString(), "-e", prefix.resolve("error.log").toString()), Map.of(),
        prefix.resolve("nginx.out"));
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
        .until(() -> status(url() + "/health/live") == 200);
  }

  @Override
  public void close() {
    if (nginx != null) {
      nginx.stop("TERM");
    }
    List<Proc> running = new ArrayList<>();
    for (Proc node : nodes) {
      if (node != null && node.alive()) {
        running.add(node);
      }
    }
    running.forEach(node -> node.stop("TERM"));
  }
}

package dev.chatmesh.server.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults against a real cluster — three node processes from the built jar on a private
 * PostgreSQL and Redis, behind nginx with the repository's config — under continuous writes on
 * every node and streams through nginx, each scenario judged by the {@link HistoryChecker}.
 * The short form runs in {@code ./test}; {@code -Dchaos.long=true} runs each fault longer and
 * the reconnect storm with 10,000 streams; {@code -Dchaos.keep=true} keeps the logs (node,
 * nginx, PostgreSQL, Redis) in the temporary directory.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosIT {

  private static final boolean LONG = Boolean.getBoolean("chaos.long");
  private static final Duration PHASE = Duration.ofMillis(LONG ? 6_000 : 1_500);
  private static final int STORM = LONG ? 10_000 : 1_000;

  private static Path dir;
  private static PrivatePostgres postgres;
  private static PrivateRedis redis;
  private static Cluster cluster;
  private static Vertx vertx;
  private static HttpClient streams;
  private static final List<Writers.Company> companies = new ArrayList<>();
  private static String apiKey;
  private static final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

  @BeforeAll
  static void startCluster() throws Exception {
    dir = Files.createTempDirectory("chatmesh-chaos");
    // nginx's workers (user nobody) and postgres (its own user) live below this directory.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    postgres = new PrivatePostgres(dir.resolve("postgres"));
    redis = new PrivateRedis(Files.createDirectories(dir.resolve("redis")));
    cluster = new Cluster(dir, 3, postgres, redis, Map.of(
        "STREAM_LIMIT_PER_ACCOUNT", "20000", "STREAM_LIMIT_PER_COMPANY", "20000",
        "STREAM_QUEUE_BYTES", "65536"));
    for (String name : List.of("Alpha", "Beta")) {
      JsonNode login = post(cluster.url() + "/api/auth/signup", null, null, Map.of(
          "companyName", name + " Chaos", "name", name, "email",
          name.toLowerCase() + "@chaos.test", "password", "correct horse battery"), 201);
      companies.add(new Writers.Company(login.path("memberships").get(0).path("companyId")
          .asLong(), login.path("token").asText()));
    }
    Writers.Company alpha = companies.get(0);
    apiKey = post(cluster.url() + "/api/api-keys", alpha.token(), alpha.id(),
        Map.of("name", "chaos"), 201).path("key").asText();
    vertx = Vertx.vertx();
    streams = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(2_000)
        .setIdleTimeout(0), new PoolOptions().setHttp1MaxSize(STORM + 1_000));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    for (AutoCloseable part : new AutoCloseable[] {cluster, redis, postgres}) {
      if (part != null) {
        part.close();
      }
    }
    if (dir != null && !Boolean.getBoolean("chaos.keep")) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  @Test
  @Order(1)
  void threeNodesUnderWritesOnEveryNodeLoseNothing() throws Exception {
    scenario("three nodes", 20, Duration.ofMillis(20), () -> pause(PHASE.multipliedBy(2)));
  }

  @Test
  @Order(2)
  void aNodeKilledMidBurstLeavesItsClientsResumingOnTheOthers() throws Exception {
    scenario("kill -9 of a node", 20, Duration.ofMillis(20), () -> {
      pause(PHASE);
      cluster.kill(1);
      pause(PHASE);
      cluster.start(1);
      cluster.awaitReady(1);
    });
  }

  @Test
  @Order(3)
  void redisKilledMidBurstLosesNothingAndTheNodesSaySo() throws Exception {
    scenario("Redis killed and restarted", 20, Duration.ofMillis(20), () -> {
      pause(PHASE);
      redis.kill();
      await().atMost(Duration.ofSeconds(5)).until(() -> cluster.metrics(0)
          .contains("chatmesh_broker_connected 0.0"));
      pause(PHASE);
      redis.start();
      for (int node = 0; node < cluster.size(); node++) {
        int n = node;
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.metrics(n)
            .contains("chatmesh_broker_connected 1.0"));
      }
    });
  }

  @Test
  @Order(4)
  void postgresRestartedMidBurstAnswers503FastAndEverythingRecovers() throws Exception {
    Writers writers = scenario("PostgreSQL restarted", 20, Duration.ofMillis(20), () -> {
      pause(PHASE);
      postgres.stop();
      // Readiness says so, for a balancer with active health checks.
      await().atMost(Duration.ofSeconds(5)).until(() ->
          cluster.status(cluster.nodeUrl(0) + "/health/ready") == 503);
      pause(PHASE);
      postgres.start();
      pause(PHASE);
    });
    assertThat(writers.unavailable.get()).as("writes answered 503 while PostgreSQL was down")
        .isPositive();
    // The pool waits 500 ms for a connection; the margin is for a loaded 2-core machine.
    assertThat(writers.slowestUnavailableMillis.get()).isLessThan(2_000);
  }

  @Test
  @Order(5)
  void aSlowConsumerIsCutWithoutSlowingTheOthers() throws Exception {
    Writers.Company alpha = companies.get(0);
    try (Socket slow = new Socket()) {
      slow.setReceiveBufferSize(4096);
      slow.connect(new InetSocketAddress("127.0.0.1", URI.create(cluster.nodeUrl(0)).getPort()));
      OutputStream out = slow.getOutputStream();
      out.write(("GET /api/events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
          + alpha.token() + "\r\nX-Company-Id: " + alpha.id() + "\r\nAccept: text/event-stream"
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      scenario("slow consumer", 10, Duration.ofMillis(50), () -> {
        String pad = "x".repeat(60_000);
        for (int i = 0; i < 150; i++) {
          post(cluster.url() + "/api/publish", apiKey, null, Map.of("type", "bulk", "topic",
              "bulk", "data", Map.of("i", i, "pad", pad)), 202);
        }
      });
      assertThat(cluster.metrics(0)).containsPattern("chatmesh_streams_slow_disconnects_total [1-9]");
    }
  }

  @Test
  @Order(6)
  void aReconnectStormThroughNginxLosesNothing() throws Exception {
    scenario("reconnect storm", STORM / 2, Duration.ofMillis(100), () -> {
      pause(PHASE);
      // Every connection cut at once; all come back through nginx within 50-250 ms.
      open.forEach(c -> vertx.runOnContext(v -> c.drop()));
      pause(PHASE);
    });
  }

  @Test
  @Order(7)
  void aMemberRemovedMidBurstGetsNothingCommittedAfterTheRemoval() throws Exception {
    Writers.Company alpha = companies.get(0);
    JsonNode invited = post(cluster.url() + "/api/employees/invitations", alpha.token(),
        alpha.id(), Map.of("email", "removed@chaos.test", "role", "agent"), 201);
    JsonNode member = post(cluster.url() + "/api/invitations/redeem", null, null, Map.of(
        "token", invited.path("token").asText(), "name", "Removed Member",
        "password", "correct horse battery"), 201);
    long employeeId = member.path("memberships").get(0).path("employeeId").asLong();
    Writers.Company removed = new Writers.Company(alpha.id(), member.path("token").asText());
    scenario("member removed", 10, Duration.ofMillis(20), List.of(removed), employeeId, () -> {
      pause(PHASE);
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(cluster.url()
              + "/api/employees/" + employeeId)).header("Authorization", "Bearer " + alpha.token())
          .header("X-Company-Id", Long.toString(alpha.id())).DELETE().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(204);
      pause(PHASE);
    });
  }

  private static volatile List<StreamClient> open = List.of();

  /**
   * Opens {@code perCompany} streams per company through nginx, starts the writers, runs
   * {@code fault}, stops the writers and waits for every stream to reach its company's head;
   * then checks the whole history and prints the summary.
   */
  private Writers scenario(String name, int perCompany, Duration writePause, Fault fault)
      throws Exception {
    return scenario(name, perCompany, writePause, List.of(), 0, fault);
  }

  /**
   * Like {@link #scenario(String, int, Duration, Fault)}, with a stream more for each of
   * {@code members}, the sessions of the employee {@code memberId} whom the fault removes: the
   * checker holds those streams to what was committed before the removal.
   */
  private Writers scenario(String name, int perCompany, Duration writePause,
      List<Writers.Company> members, long memberId, Fault fault) throws Exception {
    HistoryChecker checker = new HistoryChecker();
    List<StreamClient> clients = new ArrayList<>();
    for (Writers.Company company : companies) {
      for (int i = 0; i < perCompany; i++) {
        clients.add(new StreamClient(vertx, streams, cluster.url(), company.token(),
            checker.stream(name + " #" + clients.size(), company.id())));
      }
    }
    for (Writers.Company member : members) {
      clients.add(new StreamClient(vertx, streams, cluster.url(), member.token(),
          checker.stream(name + " member #" + clients.size(), member.id(),
              Long.toString(memberId))));
    }
    open = clients;
    long openedAt = System.nanoTime();
    clients.forEach(c -> vertx.runOnContext(v -> c.connect()));
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
        .until(() -> clients.stream().allMatch(StreamClient::open));
    long openMillis = (System.nanoTime() - openedAt) / 1_000_000;
    Writers writers = new Writers(IntStream.range(0, cluster.size()).mapToObj(cluster::nodeUrl)
        .toList(), companies, writePause);
    try {
      fault.run();
    } finally {
      writers.close();
    }
    long recovered = System.nanoTime();
    Map<Long, List<HistoryChecker.Committed>> committed = HistoryChecker.committed(
        postgres.jdbcUrl(), companies.stream().map(Writers.Company::id).toList());
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(() ->
        clients.stream().allMatch(c -> {
          List<HistoryChecker.Committed> history = committed.get(c.record().companyId);
          long head = history.isEmpty() ? 0 : history.get(history.size() - 1).seq();
          if (c.record().member != null) {
            head = Math.min(head, HistoryChecker.removal(history, c.record().member) - 1);
          }
          return c.record().last() >= head;
        }));
    long caughtUp = (System.nanoTime() - recovered) / 1_000_000;
    clients.forEach(c -> vertx.runOnContext(v -> c.stop()));
    HistoryChecker.Report report = checker.check(committed);
    int reconnects = clients.stream().mapToInt(c -> c.record().connections).sum() - clients.size();
    System.out.println("[chaos] " + name + ": " + report.summary() + "; " + writers.summary()
        + "; reconnects=" + reconnects + "; all " + clients.size() + " streams open in "
        + openMillis + " ms; every stream at the head " + caughtUp
        + " ms after the writes stopped");
    assertThat(report.clean()).as(report.summary()).isTrue();
    assertThat(writers.wrong).as("answers other than 2xx, 409, 503 problem+json").isEmpty();
    assertThat(writers.committed.get()).isPositive();
    return writers;
  }

  private static JsonNode post(String url, String token, Long company, Object body, int expect)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (company != null) {
      request.header("X-Company-Id", Long.toString(company));
    }
    HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(url + " " + answer.body()).isEqualTo(expect);
    return answer.body().isEmpty() ? Json.read("{}") : Json.read(answer.body());
  }

  private static void pause(Duration duration) throws InterruptedException {
    Thread.sleep(duration.toMillis());
  }

  @FunctionalInterface
  private interface Fault {
    void run() throws Exception;
  }
}

package dev.chatmesh.server.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.json.Json;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Measures webhook → stream latency against a running node: a member's SSE stream listens
 * while signed deliveries are sent one after another; each is timed from just before its POST
 * to the moment its {@code message_received} frame is read. Prints p50, p99 and max.
 */
final class WebhookLatency {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private final WebhookCommand sender;
  private final String base;
  private final String email;
  private final String password;
  private final String company;
  private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
  private final Map<String, Long> latency = new ConcurrentHashMap<>();

  WebhookLatency(WebhookCommand sender, String base, String email, String password,
                 String company) {
    this.sender = sender;
    this.base = base.endsWith("/") ? base : base + "/";
    this.email = email;
    this.password = password;
    this.company = company;
  }

  int run(int count, String text) throws Exception {
    JsonNode login = Json.read(HTTP.send(HttpRequest.newBuilder(URI.create(base
                + "api/auth/login")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("email", email,
                "password", password)))).build(), HttpResponse.BodyHandlers.ofString())
        .body());
    if (!login.has("token")) {
      System.err.println("login failed: " + login);
      return 1;
    }
    String companyId = company != null ? company
        : login.get("memberships").get(0).get("companyId").asText();
    HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(URI.create(base
            + "api/events/stream?topics=messages")).header("Accept", "text/event-stream")
        .header("Authorization", "Bearer " + login.get("token").asText())
        .header("X-Company-Id", companyId).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    CountDownLatch ready = new CountDownLatch(1);
    CountDownLatch all = new CountDownLatch(count);
    Thread reader = Thread.ofVirtual().start(() -> read(stream.body(), ready, all));
    if (!ready.await(10, TimeUnit.SECONDS)) {
      System.err.println("the stream did not open (status " + stream.statusCode() + ")");
      return 1;
    }
    String run = Long.toString(System.currentTimeMillis(), 36);
    long started = System.nanoTime();
    for (int i = 0; i < count; i++) {
      String mid = "lat-" + run + "-" + i;
      sentAt.put(mid, System.nanoTime());
      HttpResponse<String> answer = sender.send(mid, text + " #" + i);
      if (answer.statusCode() != 200) {
        System.err.println("delivery " + i + " answered " + answer.statusCode() + ": "
            + answer.body());
        return 1;
      }
    }
    boolean complete = all.await(30, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - started) / 1e9;
    reader.interrupt();
    stream.body().close();
    long[] micros = latency.values().stream().mapToLong(n -> n / 1000).sorted().toArray();
    System.out.printf("%d deliveries in %.1f s, %d seen on the stream%s%n", count, seconds,
        micros.length, complete ? "" : " (some never arrived)");
    if (micros.length > 0) {
      System.out.printf("webhook -> stream latency: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
          percentile(micros, 50) / 1000.0, percentile(micros, 99) / 1000.0,
          micros[micros.length - 1] / 1000.0);
    }
    return complete ? 0 : 1;
  }

  private void read(InputStream body, CountDownLatch ready, CountDownLatch all) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(body,
        StandardCharsets.UTF_8))) {
      String event = null;
      for (String line; (line = lines.readLine()) != null; ) {
        long now = System.nanoTime();
        if (line.startsWith("event: ")) {
          event = line.substring(7);
          if (event.equals("ready")) {
            ready.countDown();
          }
        } else if (line.startsWith("data: ") && "message_received".equals(event)) {
          String mid = Json.read(line.substring(6)).path("data").path("platformMessageId")
              .asText();
          Long sent = sentAt.get(mid);
          if (sent != null && latency.putIfAbsent(mid, now - sent) == null) {
            all.countDown();
          }
        } else if (line.isEmpty()) {
          event = null;
        }
      }
    } catch (Exception e) {
      // the stream ends when the run is over
    }
  }

  private static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
  }
}

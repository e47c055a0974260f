package dev.chatmesh.server.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Continuous writes, one thread per (node, company): customers created and updated straight on
 * that node. Every answer is tallied; an answer other than 2xx must be a 503 problem+json with
 * {@code Retry-After} (the database away) or no answer at all (the node killed).
 */
final class Writers implements AutoCloseable {

  /** One company's credentials. */
  record Company(long id, String token) {
  }

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(1)).build();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;
  final AtomicLong committed = new AtomicLong();
  final AtomicLong unavailable = new AtomicLong();
  final AtomicLong unreachable = new AtomicLong();
  final AtomicLong slowestUnavailableMillis = new AtomicLong();
  final Map<Integer, AtomicLong> others = new ConcurrentHashMap<>();
  final List<String> wrong = new CopyOnWriteArrayList<>();

  Writers(List<String> nodeUrls, List<Company> companies, Duration pause) {
    for (String node : nodeUrls) {
      for (Company company : companies) {
        Thread thread = new Thread(() -> write(node, company, pause),
            "writer " + node + " " + company.id());
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
      }
    }
  }

  long failed() {
    return unavailable.get() + unreachable.get()
        + others.values().stream().mapToLong(AtomicLong::get).sum();
  }

  String summary() {
    return "writes committed=" + committed + " failed=" + failed() + " (503=" + unavailable
        + ", slowest 503 " + slowestUnavailableMillis + " ms; node unreachable=" + unreachable
        + "; other=" + others + ")";
  }

  private void write(String node, Company company, Duration pause) {
    List<long[]> mine = new ArrayList<>();
    int n = 0;
    while (running) {
      n++;
      boolean update = !mine.isEmpty() && ThreadLocalRandom.current().nextInt(3) == 0;
      long[] target = update ? mine.get(ThreadLocalRandom.current().nextInt(mine.size())) : null;
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node + "/api/customers"
              + (update ? "/" + target[0] : "")))
          .timeout(Duration.ofSeconds(10))
          .header("Authorization", "Bearer " + company.token())
          .header("X-Company-Id", Long.toString(company.id()))
          .header("Content-Type", "application/json");
      String body = update
          ? Json.write(Map.of("name", "Customer " + target[0] + " v" + (target[1] + 1),
              "version", target[1]))
          : Json.write(Map.of("name", "Customer " + n));
      request.method(update ? "PUT" : "POST", HttpRequest.BodyPublishers.ofString(body));
      long started = System.nanoTime();
      try {
        HttpResponse<String> answer = http.send(request.build(),
            HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - started) / 1_000_000;
        int status = answer.statusCode();
        if (status == 200 || status == 201) {
          committed.incrementAndGet();
          JsonNode customer = Json.read(answer.body());
          long[] entry = {customer.path("id").asLong(), customer.path("version").asLong()};
          if (update) {
            target[1] = entry[1];
          } else {
            mine.add(entry);
          }
        } else if (status == 503) {
          unavailable.incrementAndGet();
          slowestUnavailableMillis.accumulateAndGet(millis, Math::max);
          if (answer.headers().firstValue("Retry-After").isEmpty() || !answer.headers()
              .firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            wrong.add("503 without Retry-After or problem+json: " + answer.headers().map());
          }
        } else {
          others.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
          if (status != 409) {
            wrong.add(status + " " + answer.body());
          }
        }
      } catch (IOException e) {
        unreachable.incrementAndGet();
      } catch (InterruptedException e) {
        return;
      }
      if (!pause.isZero()) {
        try {
          Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** Stops writing; returns once every writer has had its last answer. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread thread : threads) {
      thread.join(15_000);
    }
  }
}

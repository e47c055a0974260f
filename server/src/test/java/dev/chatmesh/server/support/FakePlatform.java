package dev.chatmesh.server.support;

import dev.chatmesh.server.inbox.Platform;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Locale;

/**
 * The one fake of the platforms' send APIs, for the inbox and the browser tests: a real HTTP
 * server on port 0 that stands in for the three send APIs under {@code /facebook},
 * {@code /zalo} and {@code /tiktok}. It records every request, answers the scripted responses
 * first (in order) and then success in the platform's own shape, and counts the successful
 * sends of each message text. While {@link #hold()} is on, every request waits.
 */
public final class FakePlatform implements AutoCloseable {

  /**
   * One request as received.
   *
   * @param method  the method
   * @param path    the path, without the query
   * @param query   the query parameters
   * @param headers the headers, names in lower case
   * @param body    the body as JSON
   */
  public record Request(String method, String path, Map<String, String> query,
                 Map<String, String> headers, JsonObject body) {

    /** The message text, wherever the platform carries it. */
    public String text() {
      JsonObject message = body.getJsonObject("message");
      if (message != null && message.getString("text") != null) {
        return message.getString("text");
      }
      JsonObject text = body.getJsonObject("text");
      return text == null ? null : text.getString("body");
    }
  }

  /**
   * A scripted answer.
   *
   * @param status  HTTP status
   * @param headers extra headers
   * @param body    the body
   * @param hang    never answer (a platform that does not respond)
   */
  public record Answer(int status, Map<String, String> headers, String body, boolean hang) {

    public static Answer json(int status, String body) {
      return new Answer(status, Map.of(), body, false);
    }

    public static Answer hanging() {
      return new Answer(0, Map.of(), null, true);
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
  private final Map<String, AtomicInteger> sends = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final List<HttpServerRequest> hung = new CopyOnWriteArrayList<>();
  private final List<Held> held = new ArrayList<>(); // guarded by itself, as is holding
  private boolean holding;

  private record Held(HttpServerRequest request, Request got) {
  }

  public FakePlatform() {
    try {
      server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
          .await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The base URL standing in for {@code platform}'s API. */
  public String url(Platform platform) {
    return "http://127.0.0.1:" + server.actualPort() + "/" + platform.id();
  }

  /** Settings that point a node's three send APIs at this fake. */
  public Map<String, String> settings() {
    return Map.of("FACEBOOK_API_URL", url(Platform.FACEBOOK), "ZALO_API_URL",
        url(Platform.ZALO), "TIKTOK_API_URL", url(Platform.TIKTOK));
  }

  /** Answers the next requests with {@code answers}, in order, before succeeding again. */
  public void script(Answer... answers) {
    script.addAll(List.of(answers));
  }

  /** Answers every request held by a {@code hanging()} answer so far with {@code answer}. */
  public void release(Answer answer) {
    for (HttpServerRequest request : hung) {
      hung.remove(request);
      request.response().setStatusCode(answer.status())
          .putHeader("Content-Type", "application/json").end(answer.body());
    }
  }

  /** Keeps every later request waiting, unanswered, until {@link #release()}. */
  public void hold() {
    synchronized (held) {
      holding = true;
    }
  }

  /** Ends {@link #hold()}: the held requests, and all later ones, are answered as usual. */
  public void release() {
    List<Held> waiting;
    synchronized (held) {
      holding = false;
      waiting = List.copyOf(held);
      held.clear();
    }
    waiting.forEach(h -> answer(h.request(), h.got()));
  }

  /** Every request so far. */
  public List<Request> requests() {
    return new ArrayList<>(requests);
  }

  /** How many times {@code text} was accepted. */
  public int sends(String text) {
    AtomicInteger n = sends.get(text);
    return n == null ? 0 : n.get();
  }

  /** Accepted sends per message text. */
  public Map<String, Integer> allSends() {
    Map<String, Integer> copy = new TreeMap<>();
    sends.forEach((text, n) -> copy.put(text, n.get()));
    return copy;
  }

  /** The message id the fake gave the {@code n}th accepted send of {@code platform} (1-based). */
  public static String id(Platform platform, int n) {
    return platform.id() + "-mid-" + n;
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(buffer -> {
      Map<String, String> headers = new TreeMap<>();
      request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
      MultiMap params = request.params();
      Map<String, String> query = new TreeMap<>();
      params.forEach(p -> query.put(p.getKey(), p.getValue()));
      Request got = new Request(request.method().name(), request.path(), query, headers,
          buffer.length() == 0 ? new JsonObject() : buffer.toJsonObject());
      requests.add(got);
      synchronized (held) {
        if (holding) {
          held.add(new Held(request, got));
          return;
        }
      }
      answer(request, got);
    });
  }

  private void answer(HttpServerRequest request, Request got) {
    Answer answer = script.poll();
    if (answer != null && answer.hang()) {
      hung.add(request);
      return;
    }
    if (answer == null) {
      Platform platform = Platform.of(request.path().split("/")[1]);
      String id = id(platform, ids.incrementAndGet());
      answer = Answer.json(200, success(platform, id));
      sends.computeIfAbsent(got.text(), t -> new AtomicInteger()).incrementAndGet();
    }
    var response = request.response().setStatusCode(answer.status())
        .putHeader("Content-Type", "application/json");
    answer.headers().forEach(response::putHeader);
    response.end(answer.body());
  }

  private static String success(Platform platform, String id) {
    return switch (platform) {
      case FACEBOOK -> new JsonObject().put("recipient_id", "psid").put("message_id", id)
          .encode();
      case ZALO -> new JsonObject().put("error", 0).put("message", "Success")
          .put("data", new JsonObject().put("message_id", id)).encode();
      case TIKTOK -> new JsonObject().put("code", 0).put("message", "OK")
          .put("data", new JsonObject().put("message", new JsonObject().put("message_id", id)))
          .encode();
    };
  }

  @Override
  public void close() {
    release();
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

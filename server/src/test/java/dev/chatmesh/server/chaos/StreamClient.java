package dev.chatmesh.server.chaos;

import dev.chatmesh.server.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.util.concurrent.ThreadLocalRandom;

/**
 * One client holding a stream through nginx, as a browser's EventSource does: on any end it
 * reconnects after a short random pause with {@code Last-Event-ID}, and records every frame
 * into its {@link HistoryChecker.Stream}. All its callbacks run on one event loop.
 */
final class StreamClient {

  private final Vertx vertx;
  private final HttpClient client;
  private final String uri;
  private final String token;
  private final HistoryChecker.Stream record;
  private final StringBuilder pending = new StringBuilder();
  private String id;
  private String event;
  private final StringBuilder data = new StringBuilder();
  private volatile HttpConnection connection;
  private volatile boolean open;
  private volatile boolean stopped;

  StreamClient(Vertx vertx, HttpClient client, String baseUrl, String token,
               HistoryChecker.Stream record) {
    this.vertx = vertx;
    this.client = client;
    this.uri = baseUrl + "/api/events/stream";
    this.token = token;
    this.record = record;
  }

  HistoryChecker.Stream record() {
    return record;
  }

  /** Whether a stream is open and its ready event was read. */
  boolean open() {
    return open;
  }

  void connect() {
    if (stopped) {
      return;
    }
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(uri)
        .putHeader("Authorization", "Bearer " + token)
        .putHeader("X-Company-Id", Long.toString(record.companyId))
        .putHeader("Accept", "text/event-stream");
    long last = record.last();
    if (last >= 0) {
      options.putHeader("Last-Event-ID", Long.toString(last));
    }
    // An abrupt close ends a response through its exception handler, a clean one through its
    // end handler: whichever comes first reconnects, once.
    java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
    Runnable again = () -> {
      if (ended.compareAndSet(false, true)) {
        again();
      }
    };
    client.request(options).compose(request -> {
      connection = request.connection();
      return request.send();
    }).onComplete(result -> {
      if (result.failed()) {
        again.run();
        return;
      }
      HttpClientResponse response = result.result();
      if (response.statusCode() != 200) {
        response.body().onComplete(body -> again.run());
        return;
      }
      synchronized (record) {
        record.connections++;
      }
      pending.setLength(0);
      data.setLength(0);
      id = null;
      event = null;
      response.handler(this::chunk);
      response.exceptionHandler(e -> again.run());
      response.endHandler(v -> again.run());
    });
  }

  /** Cuts the connection at once (the client comes back by itself). */
  void drop() {
    HttpConnection current = connection;
    if (current != null) {
      current.close();
    }
  }

  void stop() {
    stopped = true;
    drop();
  }

  private void again() {
    open = false;
    connection = null;
    if (!stopped) {
      vertx.setTimer(50 + ThreadLocalRandom.current().nextInt(200), t -> connect());
    }
  }

  private void chunk(Buffer chunk) {
    pending.append(chunk.toString());
    int newline;
    while ((newline = pending.indexOf("\n")) >= 0) {
      String line = pending.substring(0, newline);
      pending.delete(0, newline + 1);
      if (line.isEmpty()) {
        dispatch();
      } else if (line.startsWith("id:")) {
        id = line.substring(3).strip();
      } else if (line.startsWith("event:")) {
        event = line.substring(6).strip();
      } else if (line.startsWith("data:")) {
        data.append(line.substring(5).strip());
      }
    }
  }

  private void dispatch() {
    if ("ready".equals(event)) {
      if (record.start < 0) {
        record.start = Json.read(data.toString()).path("headId").asLong();
      }
      open = true;
    } else if (event != null && id != null && !"ping".equals(event)) {
      record.received(Long.parseLong(id), event, data.toString());
    }
    id = null;
    event = null;
    data.setLength(0);
  }
}

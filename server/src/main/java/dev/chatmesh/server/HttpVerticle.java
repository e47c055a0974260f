package dev.chatmesh.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * One HTTP server instance on its own event loop. A node deploys several on the same port;
 * the streams each one accepts live on its loop (a shard of the hub).
 *
 * <p>Two timeouts bound what a connection may hold without doing work. A connection must send
 * a complete request head within one to one and a half header timeouts of opening, or within
 * one to two of its previous answer ending, or it is closed: a client that trickles its headers
 * (slowloris) or keeps an idle keep-alive connection gets nothing for it. A request being
 * answered (a stream, a held long-poll) is never cut by it. Vert.x's idle timeout closes a
 * connection silent both ways; streams write heartbeats and held long-polls answer within their
 * wait, both shorter (checked by {@link Config}).
 *
 * <p>The header timeout is one sweep per verticle every half timeout, not a timer per
 * connection: Netty's NIO loop spins on {@code selectNow} for the last half millisecond before
 * each timer, so a timer per connection costs every loop CPU in proportion to its connections
 * (with a shard per stream as well, 15,000 idle streams held a node at 0.46 cores).
 */
final class HttpVerticle extends VerticleBase {

  private final Router router;
  private final String host;
  private final int port;
  private final Duration headerTimeout;
  private final Duration idleTimeout;
  private final IntConsumer listening;
  // Touched on this verticle's event loop only; a closed connection's watch is removed.
  private final Map<HttpConnection, Watch> watches = new HashMap<>();

  HttpVerticle(Router router, Config config, int port, IntConsumer listening) {
    this.router = router;
    this.host = config.host();
    this.port = port;
    this.headerTimeout = config.headerTimeout();
    this.idleTimeout = config.idleTimeout();
    this.listening = listening;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setTcpNoDelay(true)
        .setCompressionSupported(false)
        // Plain HTTP/1.1: telling h2c apart waits for the whole request head before the
        // connection is handed over, a wait no timeout of ours could bound.
        .setHttp2ClearTextEnabled(false)
        .setIdleTimeout((int) idleTimeout.toMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    vertx.setPeriodic(Math.max(1, headerTimeout.toMillis() / 2), id -> sweep());
    return vertx.createHttpServer(options)
        .connectionHandler(this::watch)
        .requestHandler(this::handle)
        .listen()
        .onSuccess(server -> listening.accept(server.actualPort()));
  }

  private void watch(HttpConnection connection) {
    watches.put(connection, new Watch(connection, System.nanoTime() + headerTimeout.toNanos()));
    connection.closeHandler(v -> watches.remove(connection));
  }

  private void handle(HttpServerRequest request) {
    Watch watch = watches.get(request.connection());
    if (watch != null) {
      watch.answering = request.response();
      watch.answerEnded = false;
    }
    router.handle(request);
  }

  /**
   * Closes the connections whose time for a request head ran out. A connection whose answer
   * ended since the last sweep gets a full timeout from now; one being answered is left alone.
   */
  private void sweep() {
    long now = System.nanoTime();
    List<HttpConnection> expired = new ArrayList<>();
    for (Watch watch : watches.values()) {
      if (watch.answering != null && !watch.answering.ended()) {
        continue;
      }
      if (watch.answering != null && !watch.answerEnded) {
        watch.answerEnded = true;
        watch.deadline = now + headerTimeout.toNanos();
      } else if (now - watch.deadline >= 0) {
        expired.add(watch.connection);
      }
    }
    for (HttpConnection connection : expired) {
      watches.remove(connection);
      connection.close();
    }
  }

  /**
   * One connection's wait for a request head. The router owns each response's end handler, so
   * the sweep looks at the response under way instead of being told.
   */
  private static final class Watch {
    private final HttpConnection connection;
    private HttpServerResponse answering;
    private boolean answerEnded;
    private long deadline;

    Watch(HttpConnection connection, long deadline) {
      this.connection = connection;
      this.deadline = deadline;
    }
  }
}

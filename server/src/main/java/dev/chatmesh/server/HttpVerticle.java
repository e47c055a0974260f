package dev.chatmesh.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;

import java.time.Duration;
import java.util.Map;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * One HTTP server instance on its own event loop. A node deploys several on the same port;
 * the streams each one accepts live on its loop (a shard of the hub).
 *
 * <p>Two timeouts bound what a connection may hold without doing work. A connection must send
 * a complete request head within the header timeout of opening, or within one to two header
 * timeouts of its previous answer ending, or it is closed: a client that trickles its headers
 * (slowloris) or keeps an idle keep-alive connection gets nothing for it. A request being
 * answered (a stream, a held long-poll) is never cut by it. Vert.x's idle timeout closes a
 * connection silent both ways; streams write heartbeats and held long-polls answer within their
 * wait, both shorter (checked by {@link Config}).
 */
final class HttpVerticle extends VerticleBase {

  private final Router router;
  private final String host;
  private final int port;
  private final Duration headerTimeout;
  private final Duration idleTimeout;
  private final IntConsumer listening;
  // Touched on this verticle's event loop only; a closed connection's watch is cancelled.
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
    return vertx.createHttpServer(options)
        .connectionHandler(this::watch)
        .requestHandler(this::handle)
        .listen()
        .onSuccess(server -> listening.accept(server.actualPort()));
  }

  private void watch(HttpConnection connection) {
    Watch watch = new Watch(connection);
    watches.put(connection, watch);
    watch.arm();
    connection.closeHandler(v -> {
      Watch closed = watches.remove(connection);
      if (closed != null) {
        vertx.cancelTimer(closed.timer);
      }
    });
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
   * One connection's wait for a request head. The router owns each response's end handler, so
   * the watch looks at the response under way when its timer fires instead of being told.
   */
  private final class Watch {
    private final HttpConnection connection;
    private HttpServerResponse answering;
    private boolean answerEnded;
    private long timer;

    Watch(HttpConnection connection) {
      this.connection = connection;
    }

    void arm() {
      timer = vertx.setTimer(headerTimeout.toMillis(), id -> expire());
    }

    private void expire() {
      if (answering != null && !answering.ended()) {
        arm();
      } else if (answering != null && !answerEnded) {
        // The answer ended during this period: the next request head gets a full period too.
        answerEnded = true;
        arm();
      } else {
        watches.remove(connection);
        connection.close();
      }
    }
  }
}

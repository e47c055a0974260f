package dev.chatmesh.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
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
 * a complete request head within the header timeout of opening or of its previous answer
 * ending, or it is closed: a client that trickles its headers (slowloris) or keeps an idle
 * keep-alive connection gets nothing for it. While a request is read or answered, Vert.x's idle
 * timeout closes a connection silent both ways; streams write heartbeats and held long-polls
 * answer within their wait, both shorter (checked by {@link Config}).
 */
final class HttpVerticle extends VerticleBase {

  private final Router router;
  private final String host;
  private final int port;
  private final Duration headerTimeout;
  private final Duration idleTimeout;
  private final IntConsumer listening;
  // Touched on this verticle's event loop only; a closed connection's timer is cancelled.
  private final Map<HttpConnection, Long> awaitingHead = new HashMap<>();

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
        .setIdleTimeout((int) idleTimeout.toMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    return vertx.createHttpServer(options)
        .connectionHandler(connection -> {
          awaitHead(connection);
          connection.closeHandler(v -> cancelWait(connection));
        })
        .requestHandler(this::handle)
        .listen()
        .onSuccess(server -> listening.accept(server.actualPort()));
  }

  private void handle(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    cancelWait(connection);
    // The next request's head is awaited once this one is answered (keep-alive).
    request.response().endHandler(v -> awaitHead(connection));
    router.handle(request);
  }

  private void awaitHead(HttpConnection connection) {
    cancelWait(connection);
    awaitingHead.put(connection, vertx.setTimer(headerTimeout.toMillis(), id -> {
      awaitingHead.remove(connection);
      connection.close();
    }));
  }

  private void cancelWait(HttpConnection connection) {
    Long timer = awaitingHead.remove(connection);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }
}

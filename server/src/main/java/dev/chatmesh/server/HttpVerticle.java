package dev.chatmesh.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.util.function.IntConsumer;

/**
 * One HTTP server instance on its own event loop. A node deploys several on the same port;
 * the streams each one accepts live on its loop (a shard of the hub).
 */
final class HttpVerticle extends VerticleBase {

  private final Router router;
  private final String host;
  private final int port;
  private final IntConsumer listening;

  HttpVerticle(Router router, String host, int port, IntConsumer listening) {
    this.router = router;
    this.host = host;
    this.port = port;
    this.listening = listening;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setTcpNoDelay(true)
        .setCompressionSupported(false)
        .setIdleTimeout(0);
    return vertx.createHttpServer(options)
        .requestHandler(router)
        .listen()
        .onSuccess(server -> listening.accept(server.actualPort()));
  }
}

package dev.chatmesh.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The reference broadcaster: the smallest honest Vert.x SSE fan-out, to stand next to
 * ChatMesh's figures. {@code GET /stream?company=K} keeps a response open;
 * {@code POST /publish?company=K} encodes the body once as an SSE frame and writes it to every
 * open response of that company. Nothing else: no auth, no ids, no history, no limits, no slow
 * consumer handling.
 *
 * <p>Each HTTP verticle keeps the responses it accepted and writes to them on its own event
 * loop; a publish reaches the other verticles through the local event bus.
 */
public final class Reference extends VerticleBase {

  private static final String ADDRESS = "reference.publish";
  private static final Buffer HELLO = Buffer.buffer(": hello\n\n");
  private static final Buffer EVENT_PREFIX = Buffer.buffer("event: bench.tick\ndata: ");
  private static final Buffer EVENT_SUFFIX = Buffer.buffer("\n\n");

  private final int port;
  private final Map<String, List<HttpServerResponse>> open = new HashMap<>();

  Reference(int port) {
    this.port = port;
  }

  /** {@code Reference PORT [VERTICLES]}: serves until killed. */
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int verticles = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(() -> new Reference(port), new DeploymentOptions()
        .setInstances(verticles)).await(30, TimeUnit.SECONDS);
    System.out.println("reference broadcaster on port " + port);
  }

  @Override
  public Future<?> start() {
    vertx.eventBus().<Buffer>localConsumer(ADDRESS, message ->
        broadcast(message.headers().get("company"), message.body()));
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
            .setTcpNoDelay(true).setIdleTimeout(0))
        .requestHandler(this::handle)
        .listen();
  }

  private void handle(HttpServerRequest request) {
    String company = request.getParam("company");
    if (request.method() == HttpMethod.GET && request.path().equals("/stream")
        && company != null) {
      subscribe(company, request.response());
    } else if (request.method() == HttpMethod.POST && request.path().equals("/publish")
        && company != null) {
      request.body().onSuccess(body -> {
        Buffer frame = Buffer.buffer(body.length() + 32).appendBuffer(EVENT_PREFIX)
            .appendBuffer(body).appendBuffer(EVENT_SUFFIX);
        vertx.eventBus().publish(ADDRESS, frame,
            new DeliveryOptions().setLocalOnly(true).addHeader("company", company));
        request.response().setStatusCode(202).end();
      });
    } else if (request.path().equals("/health")) {
      request.response().end("ok");
    } else {
      request.response().setStatusCode(404).end();
    }
  }

  private void subscribe(String company, HttpServerResponse response) {
    List<HttpServerResponse> list = open.computeIfAbsent(company, c -> new ArrayList<>());
    list.add(response);
    response.closeHandler(v -> list.remove(response));
    response.setChunked(true)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-cache")
        .write(HELLO);
  }

  private void broadcast(String company, Buffer frame) {
    List<HttpServerResponse> list = open.get(company);
    if (list == null) {
      return;
    }
    for (int i = 0, n = list.size(); i < n; i++) {
      list.get(i).write(frame);
    }
  }
}

package dev.chatmesh.realtime;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Vert.x adapter against a real Vert.x HTTP server. The fast path relies on Vert.x
 * internals ({@link ConnectionBase}, the {@value VertxSink#HTTP_ENCODER} pipeline handler); when
 * an upgrade moves them, the first test says so instead of letting every stream fall back
 * silently.
 */
class VertxSinkTest {

  private static final String EVENT_FRAME = "id: 3\nevent: t.x\ndata: {\"n\":1}\n\n";
  private static final String CONTROL_FRAME = "event: ping\ndata: {}\n\n";

  private final Vertx vertx = Vertx.vertx();
  private final Promise<VertxSink> made = Promise.promise();
  private final Promise<List<Boolean>> flushes = Promise.promise();
  private HttpServer server;
  private Consumer<HttpServerRequest> internals = request -> { };

  @BeforeEach
  void start() {
    server = TestNode.join(vertx.createHttpServer().requestHandler(request -> {
      internals.accept(request);
      VertxSink sink = VertxSink.of(request);
      made.tryComplete(sink);
      sink.start(64 * 1024, SseFrames.retry(2000), () -> {
        sink.write(Frame.of(Event.of(1, 3, "t.x", "t", null, null, "{\"n\":1}", 0)));
        sink.write(Frame.of(SseFrames.PING_EVENT));
        // a flush with something to send, one with nothing, and a reader that keeps up
        flushes.tryComplete(List.of(sink.flush(), sink.flush(), sink.full()));
        sink.end();
      });
    }).listen(0, "127.0.0.1"));
  }

  @AfterEach
  void stop() {
    TestNode.join(vertx.close());
  }

  @Test
  void onHttp11TheSinkWritesSharedChunksBelowVertxsEncoderAndTheClientReadsTheStream()
      throws Exception {
    Promise<String> found = Promise.promise();
    internals = request -> found.tryComplete(request.connection() instanceof ConnectionBase c
        ? (c.channel().pipeline().context(VertxSink.HTTP_ENCODER) != null ? "ok"
        : "the pipeline has no \"" + VertxSink.HTTP_ENCODER + "\" handler; its handlers are "
            + c.channel().pipeline().names())
        : "the connection is a " + request.connection().getClass().getName()
            + ", not an io.vertx.core.net.impl.ConnectionBase");
    HttpResponse<String> response = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1).build()
        .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/"))
            .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(TestNode.join(found.future())).as("Vert.x internals the fast path of VertxSink "
        + "relies on changed (after a Vert.x upgrade?); fix VertxSink.of").isEqualTo("ok");
    assertThat(TestNode.join(made.future())).as("HTTP/1.1 must take the fast path")
        .isInstanceOf(VertxSink.Socket.class);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .contains("text/event-stream; charset=utf-8");
    assertThat(response.headers().firstValue("cache-control")).contains("no-cache");
    assertThat(response.headers().firstValue("x-accel-buffering")).contains("no");
    assertThat(response.headers().firstValue("transfer-encoding")).contains("chunked");
    assertThat(response.body()).isEqualTo("retry: 2000\n\n" + EVENT_FRAME + CONTROL_FRAME);
    assertThat(TestNode.join(flushes.future())).containsExactly(true, false, false);
  }

  @Test
  void onHttp10TheSinkFallsBackToWritingThroughTheResponse() throws Exception {
    String raw;
    try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
      OutputStream out = socket.getOutputStream();
      out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(TestNode.join(made.future())).isInstanceOf(VertxSink.Response.class);
    assertThat(raw).startsWith("HTTP/1.0 200").contains("text/event-stream");
    assertThat(dechunk(raw.substring(raw.indexOf("\r\n\r\n") + 4)))
        .isEqualTo("retry: 2000\n\n" + EVENT_FRAME + CONTROL_FRAME);
  }

  /** The body without chunked coding, if the server used it. */
  private static String dechunk(String body) {
    if (!body.matches("(?s)^[0-9a-f]+\r\n.*")) {
      return body;
    }
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (true) {
      int lineEnd = body.indexOf("\r\n", at);
      int size = Integer.parseInt(body.substring(at, lineEnd), 16);
      if (size == 0) {
        return out.toString();
      }
      out.append(body, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
  }

  @Test
  void aDroppedSinkClosesTheConnectionAndRunsTheCloseHandler() throws Exception {
    TestNode.join(server.close());
    Promise<Void> closed = Promise.promise();
    server = TestNode.join(vertx.createHttpServer().requestHandler(request -> {
      VertxSink sink = VertxSink.of(request);
      sink.onClose(closed::tryComplete);
      sink.start(64 * 1024, Buffer.buffer("retry: 1\n\n"), sink::drop);
    }).listen(0, "127.0.0.1"));
    try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
      socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(raw).startsWith("HTTP/1.1 200").doesNotEndWith("0\r\n\r\n");
    }
    TestNode.join(closed.future());
  }
}

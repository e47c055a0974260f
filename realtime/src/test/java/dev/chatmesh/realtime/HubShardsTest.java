package dev.chatmesh.realtime;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams opened by HTTP requests on one event loop share that loop's shard: Vert.x runs each
 * request on its own duplicate of the loop's context, and a shard per request would mean a
 * timer and a fan-out task per stream.
 */
class HubShardsTest {

  private final Vertx vertx = Vertx.vertx();
  private final Hub hub = new Hub(vertx, new MemoryBroker(), new FakeHistory(), new HubOptions(
      Duration.ofHours(1), Duration.ofSeconds(2), 1_000_000, 1_000_000, 64 * 1024, 500, 10_000,
      Duration.ofMillis(50), Duration.ofHours(1)), new io.micrometer.core.instrument.simple
      .SimpleMeterRegistry());

  @AfterEach
  void stop() {
    TestNode.join(hub.shutdown());
    TestNode.join(vertx.close());
  }

  @Test
  void twentyStreamsOfOneServerLoopShareOneShardAndEachGetsTheEvent() throws Exception {
    HttpServer server = TestNode.join(vertx.createHttpServer().requestHandler(request ->
            hub.open(TestNode.request(7, 1, null, TopicFilter.parse(null)),
                VertxSink.of(request)))
        .listen(0, "127.0.0.1"));
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        Socket socket = new Socket("127.0.0.1", server.actualPort());
        socket.setSoTimeout(5_000);
        socket.getOutputStream().write(("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        readUntil(socket.getInputStream(), "retry:");
        sockets.add(socket);
      }
      assertThat(hub.shardCount()).isEqualTo(1);
      hub.publish(Event.of(7, 1, "t.x", "t", null, null, "{\"n\":1}", 0));
      for (Socket socket : sockets) {
        assertThat(readUntil(socket.getInputStream(), "event: t.x")).contains("id: 1");
      }
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }

  /** Reads until {@code marker} has come, returning what came (the head at first). */
  private static String readUntil(InputStream in, String marker) throws Exception {
    StringBuilder seen = new StringBuilder();
    while (seen.indexOf(marker) < 0) {
      int b = in.read();
      if (b < 0) {
        throw new IllegalStateException("closed after: " + seen);
      }
      seen.append((char) b);
    }
    return seen.toString();
  }
}

package dev.chatmesh.realtime;

import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams opened by HTTP requests on one event loop share that loop's shard: Vert.x runs each
 * request on its own duplicate of the loop's context, and a shard per request would mean a
 * timer and a fan-out task per stream.
 */
class HubShardsTest {

  private final TestNode node = new TestNode();

  @AfterEach
  void stop() {
    node.close();
  }

  @Test
  void twentyStreamsOfOneServerLoopShareOneShardAndEachGetsTheEvent() throws Exception {
    HttpServer server = TestNode.join(node.vertx.createHttpServer().requestHandler(request ->
            node.hub.open(TestNode.request(7, 1, null, TopicFilter.parse(null)),
                VertxSink.of(request)))
        .listen(0, "127.0.0.1"));
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        Socket socket = new Socket("127.0.0.1", server.actualPort());
        socket.setSoTimeout(5_000);
        socket.getOutputStream().write(("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        TestNode.readUntil(socket.getInputStream(), "retry:");
        sockets.add(socket);
      }
      assertThat(node.hub.shardCount()).isEqualTo(1);
      node.hub.publish(Event.of(7, 1, "t.x", "t", null, null, "{\"n\":1}", 0));
      for (Socket socket : sockets) {
        assertThat(TestNode.readUntil(socket.getInputStream(), "event: t.x")).contains("id: 1");
      }
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }
}

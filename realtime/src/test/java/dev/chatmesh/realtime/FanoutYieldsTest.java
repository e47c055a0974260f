package dev.chatmesh.realtime;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A long fan-out leaves room for the loop's sockets: a request that reaches the event loop
 * while one event is being written to thousands of streams is read and answered between
 * slices, not after the last stream (a publisher's next 202, a connect, a REST call).
 */
class FanoutYieldsTest {

  private static final int STREAMS = 4_000;
  private static final long WRITE_NANOS = 50_000;

  private final TestNode node = new TestNode();

  @AfterEach
  void close() {
    node.close();
  }

  @Test
  void aRequestOnTheLoopIsAnsweredBeforeAFanOutOfTwoHundredMillisecondsEnds() throws Exception {
    AtomicLong handledAt = new AtomicLong();
    Promise<HttpServer> listening = Promise.promise();
    node.loop.runOnContext(v -> node.vertx.createHttpServer()
        .requestHandler(request -> {
          handledAt.set(System.nanoTime());
          request.response().end("pong");
        })
        .listen(0, "127.0.0.1").onComplete(listening));
    HttpServer server = TestNode.join(listening.future());
    List<SlowSink> sinks = new ArrayList<>();
    for (int i = 0; i < STREAMS; i++) {
      SlowSink sink = new SlowSink();
      sinks.add(sink);
      Promise<Hub.Opened> opened = Promise.promise();
      node.loop.runOnContext(v -> opened.complete(node.hub.open(
          TestNode.request(1, 1, 0L, TopicFilter.parse(null)), sink)));
      assertThat(TestNode.join(opened.future())).isEqualTo(Hub.Opened.OPENED);
    }
    // every stream resumes after id 0, so each gets event 1 however soon it is published
    node.publish(1);
    awaitDelivered(sinks, 1);
    try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
      socket.setSoTimeout(10_000);
      node.publish(1);
      socket.getOutputStream().write("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      assertThat(TestNode.readUntil(socket.getInputStream(), "\r\n\r\n")).startsWith("HTTP/1.1 200");
    }
    awaitDelivered(sinks, 2);
    long lastDelivery = sinks.stream().mapToLong(SlowSink::deliveredAt).max().orElseThrow();
    assertThat(handledAt.get()).as("the request was handled before the last stream got the "
        + "event").isLessThan(lastDelivery);
  }

  private static void awaitDelivered(List<SlowSink> sinks, long seq) throws Exception {
    long deadline = System.nanoTime() + TestNode.WAIT.toNanos();
    while (sinks.stream().anyMatch(sink -> sink.seq() < seq) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(sinks).as("every stream got event " + seq).allMatch(sink -> sink.seq() >= seq);
  }

  /**
   * A sink whose writes take 50 µs of the loop, as a slow socket's would; notes the last event
   * it sent and when.
   */
  private static final class SlowSink implements StreamSink {
    private volatile long seq;
    private volatile long deliveredAt;
    private long pending;

    long seq() {
      return seq;
    }

    long deliveredAt() {
      return deliveredAt;
    }

    @Override
    public void start(int queueBytes, Buffer first, Runnable started) {
      started.run();
    }

    @Override
    public void write(Frame frame) {
      if (frame.event() != null) {
        pending = frame.event().seq();
      }
    }

    @Override
    public boolean flush() {
      long until = System.nanoTime() + WRITE_NANOS;
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      if (pending > 0) {
        deliveredAt = System.nanoTime();
        seq = pending;
        pending = 0;
      }
      return true;
    }

    @Override
    public boolean full() {
      return false;
    }

    @Override
    public void end() {
    }

    @Override
    public void drop() {
    }

    @Override
    public void onClose(Runnable handler) {
    }
  }
}

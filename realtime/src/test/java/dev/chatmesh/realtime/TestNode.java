package dev.chatmesh.realtime;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One node's engine without an HTTP server: a hub on the in-memory broker and a
 * {@link FakeHistory}, with streams opened on one event loop into {@link FakeSink}s.
 */
final class TestNode implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(10);

  final Vertx vertx = Vertx.vertx();
  final FakeHistory history = new FakeHistory();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final Hub hub;
  final Context loop = vertx.getOrCreateContext();

  /** A node whose streams may hold {@code queueBytes} unsent and buffer {@code bufferLimit}. */
  TestNode(int queueBytes, int catchUpBatch, int bufferLimit) {
    hub = new Hub(vertx, new MemoryBroker(), history, new HubOptions(Duration.ofHours(1),
        Duration.ofSeconds(2), 1_000_000, 1_000_000, queueBytes, catchUpBatch, bufferLimit,
        Duration.ofMillis(50), Duration.ofHours(1)), registry);
  }

  TestNode() {
    this(64 * 1024, 500, 10_000);
  }

  /** A stream of {@code member} in {@code company} that saw {@code lastEventId} last. */
  static StreamRequest request(long company, long member, Long lastEventId, TopicFilter topics) {
    return new StreamRequest(company, member, member, "session-" + member, topics, lastEventId,
        null, false);
  }

  /** Opens a stream on the node's event loop and returns its sink. */
  FakeSink open(StreamRequest request) {
    return open(request, new FakeSink());
  }

  FakeSink open(StreamRequest request, FakeSink sink) {
    Promise<Hub.Opened> opened = Promise.promise();
    loop.runOnContext(v -> opened.complete(hub.open(request, sink)));
    if (join(opened.future()) != Hub.Opened.OPENED) {
      throw new IllegalStateException("stream not opened");
    }
    return sink;
  }

  /** Commits an event for everyone in {@code company} and publishes it. */
  Event publish(long company) {
    Event event = history.commit(company);
    hub.publish(event);
    return event;
  }

  @Override
  public void close() {
    join(hub.shutdown());
    join(vertx.close());
  }

  /** Reads {@code in} until {@code marker} has come and returns what came, marker included. */
  static String readUntil(InputStream in, String marker) throws IOException {
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

  /** The future's result, waiting at most {@link #WAIT}. */
  static <T> T join(Future<T> future) {
    try {
      return future.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

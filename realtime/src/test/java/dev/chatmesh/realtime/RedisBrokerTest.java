package dev.chatmesh.realtime;

import io.vertx.core.Vertx;

/**
 * The many-node broker against the machine's real Redis (127.0.0.1:6379, or
 * {@code TEST_REDIS_URL}); each broker is a separate node with its own connections.
 */
class RedisBrokerTest extends BrokerContract {

  static final String URL = System.getenv().getOrDefault("TEST_REDIS_URL",
      "redis://127.0.0.1:6379");

  private final String namespace = "test-" + System.nanoTime();

  @Override
  Broker create(Vertx vertx) {
    return RedisBroker.connect(vertx, URL, namespace);
  }
}

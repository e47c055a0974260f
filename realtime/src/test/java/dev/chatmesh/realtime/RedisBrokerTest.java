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

  @org.junit.jupiter.api.Test
  void aBrokerWhoseRedisDoesNotAnswerSaysItIsNotConnected() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    RedisBroker broker = RedisBroker.connect(vertx, "redis://127.0.0.1:" + closedPort, namespace);
    try {
      // It keeps retrying (every 500 ms) and stays disconnected through several rounds.
      org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(1_500))
          .atMost(java.time.Duration.ofSeconds(3)).until(() -> !broker.connected());
    } finally {
      broker.close();
    }
  }
}

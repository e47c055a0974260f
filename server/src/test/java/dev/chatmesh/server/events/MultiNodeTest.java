package dev.chatmesh.server.events;

import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Db;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.SseTap;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes sharing PostgreSQL and Redis, as in production: a change made through one node
 * reaches streams on the other, and a client resumes on whichever node it reaches next.
 */
class MultiNodeTest {

  static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void changesOnOneNodeReachStreamsOnTheOtherAndResumeWorksAcrossNodes() {
    Db db = Db.postgres();
    Map<String, String> shared = clusterSettings();
    try (Node nodeA = Node.with(db, shared).start();
         Node nodeB = Node.with(db, shared).start()) {
      Api.Session admin = nodeA.api().signup("Cluster Co", "Cleo");
      long last;
      try (SseTap onB = SseTap.open(nodeB, admin)) {
        onB.awaitEvent("ready", WAIT);
        nodeA.api().call("POST", "api/customers", Map.of("name", "made on A"), admin).expect(201);
        List<SseTap.Frame> events = onB.awaitEvents(2, WAIT);
        assertThat(events.getFirst().object().get("name").asText()).isEqualTo("made on A");
        last = Long.parseLong(events.getLast().id());
      }
      nodeB.api().call("POST", "api/customers", Map.of("name", "made on B"), admin).expect(201);
      try (SseTap onA = SseTap.open(nodeA, "api/events/stream", admin, Long.toString(last))) {
        List<SseTap.Frame> events = onA.awaitEvents(2, WAIT);
        assertThat(events).extracting(SseTap.Frame::id)
            .containsExactly(Long.toString(last + 1), Long.toString(last + 2));
        assertThat(events.getFirst().object().get("name").asText()).isEqualTo("made on B");
      }
    }
  }

  @Test
  void loggingOutOnOneNodeEndsTheSessionsStreamsOnTheOther() {
    Db db = Db.postgres();
    Map<String, String> shared = clusterSettings();
    try (Node nodeA = Node.with(db, shared).start();
         Node nodeB = Node.with(db, shared).start()) {
      Api.Session admin = nodeA.api().signup("Logout Cluster", "Lars");
      try (SseTap onB = SseTap.open(nodeB, admin)) {
        onB.awaitEvent("ready", WAIT);
        nodeA.api().call("POST", "api/auth/logout", null, admin).expect(204);
        onB.awaitEnd(Duration.ofSeconds(5));
        assertThat(onB.frames().getLast().event()).isEqualTo("revoked");
        assertThat(onB.frames().getLast().json().get("reason").asText()).isEqualTo("logged_out");
      }
    }
  }

  @Test
  void aKeyRevokedOnOneNodeIsRefusedThereAtOnceAndOnTheOtherWithinTheSessionCheck() {
    Db db = Db.postgres();
    Map<String, String> shared = clusterSettings();
    try (Node nodeA = Node.with(db, shared).start();
         Node nodeB = Node.with(db, shared).start()) {
      Api.Session admin = nodeA.api().signup("Key Cluster", "Kai");
      Api.Res created = nodeA.api().call("POST", "api/api-keys", Map.of("name", "k"), admin)
          .expect(201);
      String key = created.json().get("key").asText();
      assertThat(publish(nodeA, key).status()).isEqualTo(202);
      assertThat(publish(nodeB, key).status()).isEqualTo(202);
      nodeA.api().call("DELETE", "api/api-keys/" + created.json().get("id").asText(), null, admin)
          .expect(204);
      assertThat(publish(nodeA, key).status()).isEqualTo(401);
      // SESSION_CHECK_SECONDS is 1 here: node B may trust the key it verified for that long.
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      int status = publish(nodeB, key).status();
      while (status == 202 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        status = publish(nodeB, key).status();
      }
      assertThat(status).isEqualTo(401);
      assertThat(publish(nodeB, key).status()).isEqualTo(401);
    }
  }

  private static Api.Res publish(Node node, String key) {
    return node.api().publish(key, Map.of("type", "a", "topic", "b", "data", 1));
  }

  /** What every node of one test cluster shares besides the database. */
  private static Map<String, String> clusterSettings() {
    return Map.of(
        "REDIS_URL", System.getenv().getOrDefault("TEST_REDIS_URL", "redis://127.0.0.1:6379"),
        "REDIS_NAMESPACE", "multinode-" + System.nanoTime(),
        "TOKEN_SECRET", "a shared secret of at least thirty-two characters",
        "SESSION_CHECK_SECONDS", "1");
  }
}

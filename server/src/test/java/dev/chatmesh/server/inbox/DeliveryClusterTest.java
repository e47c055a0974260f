package dev.chatmesh.server.inbox;

import dev.chatmesh.server.support.FakePlatform;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Db;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes on one PostgreSQL and Redis share the send queue: each node's worker claims rows
 * with {@code FOR UPDATE SKIP LOCKED} and a lease, so every reply reaches the platform exactly
 * once whichever node queued it, through retries too.
 */
class DeliveryClusterTest {

  @Test
  void aHundredRepliesQueuedOnTwoNodesAreEachSentExactlyOnce() {
    Db db = Db.postgres();
    try (FakePlatform fake = new FakePlatform()) {
      Map<String, String> shared = new HashMap<>(fake.settings());
      shared.putAll(Map.of(
          "REDIS_URL", System.getenv().getOrDefault("TEST_REDIS_URL", "redis://127.0.0.1:6379"),
          "REDIS_NAMESPACE", "delivery-" + System.nanoTime(),
          "TOKEN_SECRET", "a shared secret of at least thirty-two characters",
          "SECRETS_KEY", "the same sealing key on every node of the cluster",
          "DELIVERY_RETRY_BASE_MS", "20"));
      try (Node nodeA = Node.with(db, shared).start();
           Node nodeB = Node.with(db, shared).start()) {
        Api.Session admin = nodeA.api().signup("Cluster Sends", "Cy");
        List<Inbox.Thread> threads = List.of(
            Inbox.open(nodeA, admin, Platform.FACEBOOK, "fb-token"),
            Inbox.open(nodeA, admin, Platform.ZALO, "zalo-token"),
            Inbox.open(nodeA, admin, Platform.TIKTOK, "tiktok-token"));
        // Some transient failures on the way, so retries race between the nodes as well.
        for (int i = 0; i < 10; i++) {
          fake.script(FakePlatform.Answer.json(500, ""));
        }
        List<Long> ids = new ArrayList<>();
        IntStream.range(0, 100).forEach(i -> ids.add(Inbox.reply(i % 2 == 0 ? nodeA : nodeB,
            admin, threads.get(i % 3), "reply " + i)));
        await().atMost(Duration.ofSeconds(60)).until(() -> Inbox.queued(nodeA) == 0);
        for (long id : ids) {
          assertThat(Inbox.message(nodeB, admin.companyId(), id).deliveryStatus())
              .isEqualTo("sent");
        }
        Map<String, Integer> sends = fake.allSends();
        assertThat(sends).hasSize(100);
        assertThat(sends.values()).allMatch(n -> n == 1);
        assertThat(fake.requests()).hasSize(110);
      }
    }
  }
}

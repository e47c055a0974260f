package dev.chatmesh.server.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Db;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.SseTap;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connection limits and stats hold over the cluster: nodes share their counts through Redis
 * (every 2 s, expiring after 10 s), and a held long-poll counts like a stream.
 */
class ClusterLimitsTest {

  static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void anAccountSpreadOverTwoNodesGetsItsLimitOnceAndStatsSumTheNodes() {
    Db db = Db.postgres();
    Map<String, String> shared = new HashMap<>(Map.of(
        "REDIS_URL", System.getenv().getOrDefault("TEST_REDIS_URL", "redis://127.0.0.1:6379"),
        "REDIS_NAMESPACE", "limits-" + System.nanoTime(),
        "TOKEN_SECRET", "a shared secret of at least thirty-two characters",
        "STREAM_LIMIT_PER_ACCOUNT", "2"));
    try (Node nodeA = Node.with(db, shared).start();
         Node nodeB = Node.with(db, shared).start()) {
      Api.Session admin = nodeA.api().signup("Spread Co", "Sam");
      try (SseTap onA = SseTap.open(nodeA, admin); SseTap onB = SseTap.open(nodeB, admin)) {
        onA.awaitEvent("ready", WAIT);
        onB.awaitEvent("ready", WAIT);
        await().atMost(WAIT).until(() -> stats(nodeA, admin).path("streams").asInt() == 2
            && stats(nodeB, admin).path("streams").asInt() == 2);
        assertThat(SseTapStatus.of(nodeA, admin).status()).isEqualTo(429);
        assertThat(SseTapStatus.of(nodeB, admin).status()).isEqualTo(429);
        JsonNode stats = stats(nodeA, admin);
        assertThat(stats.path("scope").asText()).isEqualTo("cluster");
        assertThat(stats.path("nodes")).hasSize(2);
        assertThat(stats.path("nodes").findValues("streams")).extracting(JsonNode::asInt)
            .containsExactly(1, 1);
        assertThat(stats.path("streamsByEmployee").path(Long.toString(admin.employeeId()))
            .asInt()).isEqualTo(2);
      }
    }
  }

  @Test
  void aHeldLongPollCountsAgainstTheAccountsStreamLimit() throws Exception {
    try (Node node = Node.with(Db.sqlite(), Map.of("STREAM_LIMIT_PER_ACCOUNT", "1")).start()) {
      Api.Session admin = node.api().signup("Poll Co", "Pia");
      String head = node.api().call("GET", "api/events", null, admin).expect(200).json()
          .path("headId").asText();
      CompletableFuture<HttpResponse<String>> held = HttpClient.newHttpClient().sendAsync(
          node.api().request("api/events?after=" + head + "&wait=30")
              .header("Authorization", "Bearer " + admin.token()).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      await().atMost(WAIT).until(() -> node.app().hub().stats(admin.companyId()).streams() == 1);
      Api.Res refused = SseTapStatus.of(node, admin);
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.body()).contains("waiting polls");
      assertThat(node.api().call("GET", "api/events?after=" + head + "&wait=5", null, admin)
          .status()).isEqualTo(429);
      // A change answers the held poll, which then no longer counts.
      node.api().call("POST", "api/customers", Map.of("name", "wakes the poll"), admin)
          .expect(201);
      assertThat(held.get().statusCode()).isEqualTo(200);
      try (SseTap stream = SseTap.open(node, admin)) {
        stream.awaitEvent("ready", WAIT);
      }
    }
  }

  private static JsonNode stats(Node node, Api.Session admin) {
    return node.api().call("GET", "api/events/stats", null, admin).expect(200).json();
  }
}

package dev.chatmesh.server.events;

import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.SseTap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Company API keys and {@code POST /api/publish}: other backends add events to a stream. */
class PublishApiTest {

  @RegisterExtension
  static final Node server = Node.sqlite();
  static final Api api = server.api();

  @Test
  void aKeyIsShownOnceAndPublishesIntoItsCompanysStreamOnly() {
    Api.Session admin = api.signup("Pub Co", "Pia");
    Api.Session stranger = api.signup("Other Co", "Oz");
    Api.Res created = api.call("POST", "api/api-keys", Map.of("name", "billing"), admin)
        .expect(201);
    String key = created.json().get("key").asText();
    assertThat(key).startsWith("cmk_");
    assertThat(api.call("GET", "api/api-keys", null, admin).body()).doesNotContain(key);
    try (SseTap mine = SseTap.open(server, admin); SseTap theirs = SseTap.open(server, stranger)) {
      mine.awaitEvent("ready", Duration.ofSeconds(5));
      theirs.awaitEvent("ready", Duration.ofSeconds(5));
      Api.Res published = api.publish(key, Map.of("type", "invoice.paid", "topic", "billing",
          "data", Map.of("invoice", 42)));
      assertThat(published.status()).isEqualTo(202);
      SseTap.Frame frame = mine.awaitEvent("invoice.paid", Duration.ofSeconds(5));
      assertThat(frame.id()).isEqualTo(published.json().get("id").asText());
      assertThat(frame.object().get("invoice").asInt()).isEqualTo(42);
      api.call("POST", "api/customers", Map.of("name", "marker"), stranger).expect(201);
      theirs.awaitEvent("customer_created", Duration.ofSeconds(5));
      assertThat(theirs.frames()).noneMatch(f -> "invoice.paid".equals(f.event()));
    }
  }

  @Test
  void aTargetedPublishReachesOnlyItsRecipient() {
    Api.Session admin = api.signup("Target Co", "Tara");
    Api.Session agent = api.invite(admin, "Tim", "agent");
    String key = api.call("POST", "api/api-keys", Map.of("name", "t"), admin).json()
        .get("key").asText();
    try (SseTap adminTap = SseTap.open(server, admin); SseTap agentTap = SseTap.open(server, agent)) {
      adminTap.awaitEvent("ready", Duration.ofSeconds(5));
      agentTap.awaitEvent("ready", Duration.ofSeconds(5));
      api.publish(key, Map.of("type", "task.assigned", "topic", "tasks", "data", Map.of(),
          "recipientId", agent.employeeId())).expect(202);
      api.publish(key, Map.of("type", "task.broadcast", "topic", "tasks", "data", Map.of()))
          .expect(202);
      agentTap.awaitEvent("task.broadcast", Duration.ofSeconds(5));
      assertThat(agentTap.events()).extracting(SseTap.Frame::event)
          .containsExactly("task.assigned", "task.broadcast");
      adminTap.awaitEvent("task.broadcast", Duration.ofSeconds(5));
      assertThat(adminTap.events()).extracting(SseTap.Frame::event)
          .containsExactly("task.broadcast");
    }
  }

  @Test
  void badKeysAndBadEventsAreRejectedAndPublishNothing() {
    Api.Session admin = api.signup("Strict Co", "Stu");
    Api.Session stranger = api.signup("Stranger Co", "Sy");
    String key = api.call("POST", "api/api-keys", Map.of("name", "k"), admin).json()
        .get("key").asText();
    long head = StreamWireTestSupport.head(server, admin);
    assertThat(api.publish(null, Map.of("type", "a", "topic", "b", "data", 1)).status())
        .isEqualTo(401);
    assertThat(api.publish("cmk_forged", Map.of("type", "a", "topic", "b", "data", 1)).status())
        .isEqualTo(401);
    assertThat(api.publish(admin.token(), Map.of("type", "a", "topic", "b", "data", 1)).status())
        .isEqualTo(401);
    for (Map<String, Object> bad : java.util.List.<Map<String, Object>>of(
        Map.of("type", "Bad Type", "topic", "b", "data", 1),
        Map.of("type", "a\nb", "topic", "b", "data", 1),
        Map.of("type", "a", "topic", "b"),
        Map.of("type", "ready", "topic", "b", "data", 1),
        Map.of("type", "customer_updated", "topic", "customers", "data", Map.of("id", 1)),
        Map.of("type", "x".repeat(65), "topic", "b", "data", 1),
        Map.of("type", "a", "topic", "b", "data", 1, "recipientId", stranger.employeeId()))) {
      Api.Res res = api.publish(key, bad);
      assertThat(res.status()).as(bad.toString()).isEqualTo(422);
      assertThat(res.json().get("errors")).isNotEmpty();
    }
    String id = api.call("GET", "api/api-keys", null, admin).json().get("items").get(0)
        .get("id").asText();
    api.call("DELETE", "api/api-keys/" + id, null, stranger).expect(404);
    api.call("DELETE", "api/api-keys/" + id, null, admin).expect(204);
    assertThat(api.publish(key, Map.of("type", "a", "topic", "b", "data", 1)).status())
        .isEqualTo(401);
    assertThat(StreamWireTestSupport.head(server, admin)).isEqualTo(head);
  }

  @Test
  void aRevokedKeyIsRefusedAtOnceEvenRightAfterItPublished() {
    Api.Session admin = api.signup("Revoke Co", "Rae");
    Api.Res created = api.call("POST", "api/api-keys", Map.of("name", "r"), admin).expect(201);
    String key = created.json().get("key").asText();
    Map<String, Object> event = Map.of("type", "a", "topic", "b", "data", 1);
    api.publish(key, event).expect(202);
    api.call("DELETE", "api/api-keys/" + created.json().get("id").asText(), null, admin)
        .expect(204);
    long head = StreamWireTestSupport.head(server, admin);
    Api.Res refused = api.publish(key, event);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.json().get("detail").asText()).contains("revoked");
    assertThat(StreamWireTestSupport.head(server, admin)).isEqualTo(head);
  }

  @Test
  void onlyAdminsManageKeysAndSeeStreamStats() {
    Api.Session admin = api.signup("Roles Co", "Rae");
    Api.Session agent = api.invite(admin, "Ray", "agent");
    api.call("POST", "api/api-keys", Map.of("name", "nope"), agent).expect(403);
    api.call("GET", "api/api-keys", null, agent).expect(403);
    api.call("GET", "api/events/stats", null, agent).expect(403);
    try (SseTap tap = SseTap.open(server, agent)) {
      tap.awaitEvent("ready", Duration.ofSeconds(5));
      var stats = api.call("GET", "api/events/stats", null, admin).expect(200).json();
      assertThat(stats.get("streams").asInt()).isEqualTo(1);
      assertThat(stats.get("streamsByEmployee").get(Long.toString(agent.employeeId())).asInt())
          .isEqualTo(1);
    }
  }

  @Test
  void aWrongMethodOnTheRealtimeRoutesIs405() {
    Api.Session admin = api.signup("Method Co", "Mo");
    for (String[] call : new String[][] {{"DELETE", "api/api-keys"}, {"POST", "api/events/stats"},
        {"GET", "api/auth/logout"}, {"PUT", "api/events/stream"}, {"GET", "api/publish"}}) {
      Api.Res res = api.call(call[0], call[1], null, admin);
      assertThat(res.status()).as(call[0] + " " + call[1]).isEqualTo(405);
      assertThat(res.headers().firstValue("content-type").orElseThrow())
          .startsWith("application/problem+json");
    }
  }
}

package dev.chatmesh.server.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.SseTap;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelsTest {

  @RegisterExtension
  static final Node server = Node.sqlite();
  static final Api api = server.api();
  static Api.Session admin;
  static Api.Session agent;

  @BeforeAll
  static void setUp() {
    admin = api.signup("Channels Co", "Chan Admin");
    agent = api.invite(admin, "Chan Agent", "agent");
  }

  private static Map<String, Object> channel(String platform, String name) {
    Map<String, Object> body = new HashMap<>(Map.of("platform", platform, "name", name,
        "externalId", "1234567890", "secret", "app-secret-" + name,
        "accessToken", "page-token-" + name));
    if (platform.equals("facebook")) {
      body.put("verifyToken", "verify-" + name);
    }
    return body;
  }

  @Test
  void anAdminConnectsAChannelAndItsCredentialsAppearInNoAnswerOrEvent() {
    try (SseTap stream = SseTap.open(server, agent)) {
      stream.awaitEvent("ready", Duration.ofSeconds(5));
      JsonNode created = api.call("POST", "api/channels", channel("facebook", "Shop Page"), admin)
          .expect(201).json();
      assertThat(created.get("platform").asText()).isEqualTo("facebook");
      assertThat(created.get("name").asText()).isEqualTo("Shop Page");
      assertThat(created.get("externalId").asText()).isEqualTo("1234567890");
      assertThat(created.get("canSend").asBoolean()).isTrue();
      assertThat(created.get("version").asInt()).isEqualTo(1);
      assertThat(created.get("webhookPath").asText())
          .isEqualTo("/webhooks/facebook/" + created.get("id").asLong());
      assertThat(created.has("secret") || created.has("accessToken") || created.has("verifyToken"))
          .isFalse();

      SseTap.Frame event = stream.awaitEvent("channel_created", Duration.ofSeconds(5));
      assertThat(event.object()).isEqualTo(created);
      stream.awaitEvent("activity_created", Duration.ofSeconds(5));
      String list = api.call("GET", "api/channels", null, agent).expect(200).body();
      String metrics = api.call("GET", "metrics", null, null).expect(200).body();
      for (String text : List.of(stream.raw(), list, metrics)) {
        assertThat(text).doesNotContain("app-secret-Shop Page", "page-token-Shop Page",
            "verify-Shop Page");
      }
    }
  }

  @Test
  void credentialsAreSealedInTheDatabase() {
    long id = api.call("POST", "api/channels", channel("zalo", "Zalo OA"), admin).expect(201).id();
    Map<String, Object> row = server.database().read(handle -> handle.createQuery(
        "SELECT secret, access_token, verify_token FROM channels WHERE id = :id")
        .bind("id", id).mapToMap().one());
    assertThat((String) row.get("secret")).startsWith("v1:").doesNotContain("app-secret");
    assertThat((String) row.get("access_token")).startsWith("v1:").doesNotContain("page-token");
    assertThat(row.get("verify_token")).isNull();

  }

  @Test
  void agentsReadChannelsButOnlyAdminsChangeThem() {
    long id = api.call("POST", "api/channels", channel("tiktok", "TikTok Biz"), admin).expect(201)
        .id();
    api.call("GET", "api/channels/" + id, null, agent).expect(200);
    assertThat(api.call("GET", "api/channels", null, agent).expect(200).json().get("items"))
        .anyMatch(c -> c.get("id").asLong() == id);
    api.call("POST", "api/channels", channel("tiktok", "Other"), agent).problem(403);
    api.call("PATCH", "api/channels/" + id, Map.of("version", 1, "name", "Mine"), agent)
        .problem(403);
    api.call("DELETE", "api/channels/" + id, null, agent).problem(403);
    assertThat(api.call("GET", "api/channels/" + id, null, admin).json().get("name").asText())
        .isEqualTo("TikTok Biz");
  }

  @Test
  void anUpdateNeedsTheCurrentVersionAndCannotChangeThePlatform() {
    long id = api.call("POST", "api/channels", channel("facebook", "Versioned"), admin)
        .expect(201).id();
    api.call("PATCH", "api/channels/" + id, Map.of("name", "No version"), admin).problem(428);
    JsonNode updated = api.call("PATCH", "api/channels/" + id, Map.of("version", 1,
        "name", "Renamed", "accessToken", "new-token"), admin).expect(200).json();
    assertThat(updated.get("name").asText()).isEqualTo("Renamed");
    assertThat(updated.get("version").asInt()).isEqualTo(2);
    api.call("PATCH", "api/channels/" + id, Map.of("version", 1, "name", "Stale"), admin)
        .problem(409);
    JsonNode problem = api.call("PATCH", "api/channels/" + id, Map.of("version", 2,
        "platform", "zalo"), admin).problem(422);
    assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("platform");

    Map<String, Object> clear = new HashMap<>();
    clear.put("version", 2);
    clear.put("accessToken", null);
    assertThat(api.call("PATCH", "api/channels/" + id, clear, admin).expect(200).json()
        .get("canSend").asBoolean()).isFalse();
    assertThat(api.call("GET", "api/channels/" + id, null, admin).json().get("name").asText())
        .isEqualTo("Renamed");
  }

  @Test
  void badInputIsRefusedWithEveryFieldNamed() {
    JsonNode problem = api.call("POST", "api/channels", Map.of("platform", "myspace"), admin)
        .problem(422);
    assertThat(problem.get("errors")).extracting(e -> e.get("field").asText())
        .contains("platform", "name", "externalId", "secret");
    assertThat(api.call("GET", "api/channels", null, admin).json().get("items"))
        .noneMatch(c -> c.get("platform").asText().equals("myspace"));
  }

  @Test
  void aRemovedChannelIsGoneForEveryoneAndAnotherCompanyNeverSeesOne() {
    long id = api.call("POST", "api/channels", channel("zalo", "Short lived"), admin).expect(201)
        .id();
    try (SseTap stream = SseTap.open(server, agent)) {
      stream.awaitEvent("ready", Duration.ofSeconds(5));
      api.call("DELETE", "api/channels/" + id, null, admin).expect(204);
      assertThat(stream.awaitEvent("channel_deleted", Duration.ofSeconds(5)).object()
          .get("id").asLong()).isEqualTo(id);
    }
    api.call("GET", "api/channels/" + id, null, admin).problem(404);
    api.call("DELETE", "api/channels/" + id, null, admin).problem(404);
    assertThat(api.call("GET", "api/channels", null, admin).json().get("items"))
        .noneMatch(c -> c.get("id").asLong() == id);

    long kept = api.call("POST", "api/channels", channel("zalo", "Kept"), admin).expect(201).id();
    Api.Session stranger = api.signup("Stranger Co", "Sam Stranger");
    api.call("GET", "api/channels/" + kept, null, stranger).problem(404);
    api.call("PATCH", "api/channels/" + kept, Map.of("version", 1, "name", "x"), stranger)
        .problem(404);
    assertThat(api.call("GET", "api/channels", null, stranger).json().get("items")).isEmpty();
  }
}

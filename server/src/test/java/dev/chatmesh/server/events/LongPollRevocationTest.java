package dev.chatmesh.server.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.json.Json;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A held long-poll honours the stream's revocation rules: once its session is logged out, its
 * membership removed or its token expired it answers 401 with the reason, never another event.
 */
class LongPollRevocationTest {

  @RegisterExtension
  static final Node server = Node.sqlite();
  static final Api api = server.api();

  /** The session id inside a token, to see when the node holds that session's poll. */
  static String sessionOf(Api.Session session) {
    String payload = session.token().split("\\.")[1];
    return Json.read(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8))
        .get("sid").asText();
  }

  static CompletableFuture<Api.Res> holdPoll(Api.Session who) {
    return holdPoll(server, who);
  }

  static CompletableFuture<Api.Res> holdPoll(Node server, Api.Session who) {
    Api api = server.api();
    long head = api.call("GET", "api/events", null, who).expect(200).json().get("headId")
        .asLong();
    CompletableFuture<Api.Res> poll = CompletableFuture.supplyAsync(() ->
        api.call("GET", "api/events?wait=20&after=" + head, null, who));
    await().atMost(Duration.ofSeconds(10))
        .until(() -> server.app().hub().openSessions().contains(sessionOf(who)));
    return poll;
  }

  @Test
  void aPollHeldWhenItsSessionLogsOutAnswers401AndNotTheNextEvent() throws Exception {
    Api.Session admin = api.signup("Logout Poll Co", "Lou");
    Api.Session agent = api.invite(admin, "Lee", "agent");
    CompletableFuture<Api.Res> poll = holdPoll(agent);
    api.call("POST", "api/auth/logout", null, agent).expect(204);
    api.call("POST", "api/customers", Map.of("name", "Secret Sam"), admin).expect(201);
    Api.Res res = poll.get();
    JsonNode problem = res.problem(401);
    assertThat(problem.get("detail").asText()).contains("logged_out");
    assertThat(res.body()).doesNotContain("Secret Sam");
  }

  @Test
  void aPollHeldWhenItsMemberIsRemovedAnswers401AndNotTheNextEvent() throws Exception {
    Api.Session admin = api.signup("Removal Poll Co", "Rae");
    Api.Session agent = api.invite(admin, "Rob", "agent");
    CompletableFuture<Api.Res> poll = holdPoll(agent);
    api.call("DELETE", "api/employees/" + agent.employeeId(), null, admin).expect(204);
    api.call("POST", "api/customers", Map.of("name", "Hidden Hal"), admin).expect(201);
    Api.Res res = poll.get();
    assertThat(res.problem(401).get("detail").asText()).contains("membership_ended");
    assertThat(res.body()).doesNotContain("Hidden Hal");
  }

  @Test
  void aPollHeldPastItsTokensExpiryAnswers401TokenExpired() throws Exception {
    try (Node shortLived = Node.sqlite(Map.of("TOKEN_TTL_SECONDS", "3")).start()) {
      Api.Session admin = shortLived.api().signup("Expiry Poll Co", "Eve");
      CompletableFuture<Api.Res> poll = holdPoll(shortLived, admin);
      Api.Res res = poll.get();
      assertThat(res.problem(401).get("detail").asText()).contains("token_expired");
    }
  }
}

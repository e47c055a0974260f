package dev.chatmesh.server.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/events}: the same events as the stream, for polling and long-polling. */
class LongPollTest {

  @RegisterExtension
  static final Node server = Node.sqlite(Map.of("HISTORY_MAX_EVENTS", "50"));
  static final Api api = server.api();

  @Test
  void withoutAnIdThePollTellsTheHeadAndWithOneItReturnsWhatFollows() {
    Api.Session admin = api.signup("Poll Co", "Polly");
    JsonNode head = api.call("GET", "api/events", null, admin).expect(200).json();
    long headId = head.get("headId").asLong();
    assertThat(head.get("events")).isEmpty();
    api.call("POST", "api/customers", Map.of("name", "Pat"), admin).expect(201);
    JsonNode page = api.call("GET", "api/events?after=" + headId, null, admin).expect(200).json();
    assertThat(page.get("events")).hasSize(2);
    assertThat(page.get("events").get(0).get("id").asLong()).isEqualTo(headId + 1);
    assertThat(page.get("events").get(0).get("type").asText()).isEqualTo("customer_created");
    assertThat(page.get("events").get(0).get("data").get("name").asText()).isEqualTo("Pat");
    assertThat(page.get("lastId").asLong()).isEqualTo(headId + 2);
    JsonNode limited = api.call("GET", "api/events?limit=1&after=" + headId, null, admin)
        .json();
    assertThat(limited.get("events")).hasSize(1);
  }

  @Test
  void aLongPollAnswersAsSoonAsAnEventCommits() throws Exception {
    Api.Session admin = api.signup("Waiting Co", "Wade");
    long headId = api.call("GET", "api/events", null, admin).json().get("headId").asLong();
    long started = System.nanoTime();
    CompletableFuture<Api.Res> poll = CompletableFuture.supplyAsync(() ->
        api.call("GET", "api/events?wait=20&after=" + headId, null, admin));
    Thread.sleep(300);
    assertThat(poll).isNotDone();
    api.call("POST", "api/customers", Map.of("name", "Now"), admin).expect(201);
    JsonNode page = poll.get().expect(200).json();
    assertThat(page.get("events").get(0).get("data").get("name").asText()).isEqualTo("Now");
    assertThat((System.nanoTime() - started) / 1_000_000_000.0).isLessThan(10.0);
  }

  @Test
  void aLongPollWithNothingNewAnswersEmptyAfterTheWait() {
    Api.Session admin = api.signup("Still Co", "Stan");
    long headId = api.call("GET", "api/events", null, admin).json().get("headId").asLong();
    long started = System.nanoTime();
    JsonNode page = api.call("GET", "api/events?wait=1&after=" + headId, null, admin)
        .expect(200).json();
    assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(900);
    assertThat(page.get("events")).isEmpty();
    assertThat(page.get("lastId").asLong()).isEqualTo(headId);
  }

  @Test
  void targetedEventsReachOnlyTheirRecipientAndTheOthersSkipPastThem() {
    Api.Session admin = api.signup("Private Co", "Priv");
    Api.Session agent = api.invite(admin, "Ag", "agent");
    Api.Session other = api.invite(admin, "Ot", "agent");
    long headId = api.call("GET", "api/events", null, admin).json().get("headId").asLong();
    api.call("POST", "api/notifications", Map.of("title", "for agent",
        "recipientId", agent.employeeId()), admin).expect(201);
    JsonNode mine = api.call("GET", "api/events?after=" + headId, null, agent).json();
    assertThat(mine.get("events")).hasSize(1);
    JsonNode theirs = api.call("GET", "api/events?after=" + headId, null, other).json();
    assertThat(theirs.get("events")).isEmpty();
    assertThat(theirs.get("lastId").asLong()).isEqualTo(headId + 1);
  }

  @Test
  void anIdOlderThanTheHistoryKeptAnswersReset() {
    Api.Session admin = api.signup("Old Co", "Olaf");
    for (int i = 0; i < 30; i++) {
      api.call("POST", "api/customers", Map.of("name", "c" + i), admin).expect(201);
    }
    server.retention().run();
    JsonNode page = api.call("GET", "api/events?after=1", null, admin).expect(200).json();
    assertThat(page.get("reset").get("reason").asText()).isEqualTo("history_truncated");
    assertThat(page.get("reset").get("headId").asText()).isEqualTo(page.get("headId").asText());
    assertThat(page.get("events")).isEmpty();
  }

  @Test
  void badPollParametersAre400() {
    Api.Session admin = api.signup("Bad Poll Co", "Bea");
    for (String query : new String[] {"after=-1", "after=x", "limit=0", "limit=5000",
        "wait=31", "wait=soon", "topics=Bad%20Topic"}) {
      Api.Res res = api.call("GET", "api/events?" + query, null, admin);
      assertThat(res.status()).as(query).isEqualTo(400);
      assertThat(res.headers().firstValue("content-type").orElseThrow())
          .startsWith("application/problem+json");
    }
  }
}

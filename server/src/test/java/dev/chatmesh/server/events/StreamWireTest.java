package dev.chatmesh.server.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.SseTap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bytes of a real stream: framing, control events, complete objects, heartbeats. */
class StreamWireTest {

  static final Duration WAIT = Duration.ofSeconds(5);
  @RegisterExtension
  static final Node server = Node.sqlite(Map.of("HEARTBEAT_SECONDS", "1"));
  static final Api api = server.api();

  @Test
  void streamStartsWithRetryAndAReadyEventCarryingTheHead() {
    Api.Session admin = api.signup("Wire Co", "Wanda");
    try (SseTap tap = SseTap.open(server, admin)) {
      assertThat(tap.status()).isEqualTo(200);
      assertThat(tap.headers().firstValue("content-type").orElseThrow())
          .startsWith("text/event-stream");
      assertThat(tap.headers().firstValue("cache-control")).contains("no-cache");
      assertThat(tap.headers().firstValue("x-accel-buffering")).contains("no");
      SseTap.Frame ready = tap.awaitEvent("ready", WAIT);
      assertThat(tap.raw()).startsWith("retry: 2000\n\nevent: ready\ndata: ");
      long head = headOf(admin);
      assertThat(ready.json().get("headId").asText()).isEqualTo(Long.toString(head));
      assertThat(ready.json().get("companyId").asLong()).isEqualTo(admin.companyId());
      assertThat(ready.id()).isNull();
    }
  }

  @Test
  void everyChangeIsOneFrameWhoseDataIsTheWholeObjectAsItsGetReturnsIt() {
    Api.Session admin = api.signup("Objects Co", "Olga");
    Api.Session agent = api.invite(admin, "Abe Agent", "agent");
    try (SseTap tap = SseTap.open(server, admin)) {
      tap.awaitEvent("ready", WAIT);
      long customerId = api.call("POST", "api/customers", Map.of("name", "Cleo",
          "email", "cleo@example.test", "tags", List.of("vip"),
          "assignedEmployeeId", agent.employeeId()), admin).expect(201).id();
      long noteId = api.call("POST", "api/notes", Map.of("customerId", customerId,
          "body", "likes tea", "metadata", Map.of("channel", "zalo", "score", 3)), agent)
          .expect(201).id();
      SseTap.Frame noteCreated = tap.awaitEvent("note_created", WAIT);
      assertSameAsGet(noteCreated, "api/notes/" + noteId, admin);
      assertThat(noteCreated.object().get("author").get("name").asText()).isEqualTo("Abe Agent");
      assertThat(noteCreated.object().get("metadata").get("score").asInt()).isEqualTo(3);

      api.call("PATCH", "api/employees/" + agent.employeeId(), Map.of("version", 1,
          "title", "Lead", "phone", "+84 1", "avatarUrl", "https://example.test/a.png"), agent)
          .expect(200);
      assertSameAsGet(tap.awaitEvent("employee_updated", WAIT),
          "api/employees/" + agent.employeeId(), admin);
      api.call("PUT", "api/customers/" + customerId, Map.of("version", 1, "name", "Cleo B"),
          admin).expect(200);
      assertSameAsGet(tap.awaitEvent("customer_updated", WAIT), "api/customers/" + customerId,
          admin);

      List<SseTap.Frame> frames = tap.frames();
      assertThat(frame(frames, "customer_created").object().get("assignedEmployee").get("id")
          .asLong()).isEqualTo(agent.employeeId());
      JsonNode activity = frame(frames, "activity_created").object();
      assertThat(activity.get("entityType").asText()).isNotBlank();
      assertThat(activity.get("actorName").asText()).isNotBlank();

      for (SseTap.Frame f : tap.events()) {
        JsonNode envelope = f.json();
        assertThat(envelope.get("id").asText()).isEqualTo(f.id());
        assertThat(envelope.get("type").asText()).isEqualTo(f.event());
        assertThat(envelope.get("company_id").asLong()).isEqualTo(admin.companyId());
        assertThat(envelope.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*\\.\\d{3}Z");
      }

      api.call("DELETE", "api/notes/" + noteId, null, admin).expect(204);
      api.call("DELETE", "api/customers/" + customerId, null, admin).expect(204);
      SseTap.Frame deleted = tap.awaitEvent("customer_deleted", WAIT);
      assertThat(deleted.object()).hasSize(1);
      assertThat(deleted.object().get("id").asLong()).isEqualTo(customerId);
      assertThat(frame(tap.frames(), "note_deleted").object().get("id").asLong())
          .isEqualTo(noteId);
    }
  }

  @Test
  void idsAreConsecutiveAndEventsArriveInIdOrder() {
    Api.Session admin = api.signup("Order Co", "Otto");
    try (SseTap tap = SseTap.open(server, admin)) {
      long head = Long.parseLong(tap.awaitEvent("ready", WAIT).json().get("headId").asText());
      for (int i = 0; i < 20; i++) {
        api.call("POST", "api/customers", Map.of("name", "c" + i), admin).expect(201);
      }
      List<SseTap.Frame> events = tap.awaitEvents(40, WAIT);
      for (int i = 0; i < events.size(); i++) {
        assertThat(Long.parseLong(events.get(i).id())).isEqualTo(head + 1 + i);
      }
    }
  }

  @Test
  void anIdleStreamGetsHeartbeatComments() {
    Api.Session admin = api.signup("Quiet Co", "Quinn");
    try (SseTap tap = SseTap.open(server, admin)) {
      tap.await(frames -> frames.stream().anyMatch(f -> f.comments().contains("ping")),
          Duration.ofSeconds(4));
    }
    try (SseTap tap = SseTap.open(server, "api/events/stream?ping=event", admin, null)) {
      tap.awaitEvent("ping", Duration.ofSeconds(4));
    }
  }

  @Test
  void topicsLimitWhatAStreamReceives() {
    Api.Session admin = api.signup("Topic Co", "Tess");
    try (SseTap notes = SseTap.open(server, "api/events/stream?topics=notes", admin, null)) {
      notes.awaitEvent("ready", WAIT);
      long customerId = api.call("POST", "api/customers", Map.of("name", "Tia"), admin).id();
      api.call("POST", "api/notes", Map.of("customerId", customerId, "body", "hi"), admin)
          .expect(201);
      notes.awaitEvent("note_created", WAIT);
      assertThat(notes.events()).extracting(SseTap.Frame::event).containsExactly("note_created");
    }
  }

  @Test
  void publishedDataWithLineBreaksStaysOneFrameWithTheSameContent() {
    Api.Session admin = api.signup("Lines Co", "Lina");
    String key = api.call("POST", "api/api-keys", Map.of("name", "crlf"), admin).expect(201)
        .json().get("key").asText();
    try (SseTap tap = SseTap.open(server, admin)) {
      tap.awaitEvent("ready", WAIT);
      String text = "one\r\ntwo\nthree\rfour\u2028five";
      api.publish(key, Map.of("type", "crm.import", "topic", "imports",
          "data", Map.of("text", text))).expect(202);
      SseTap.Frame frame = tap.awaitEvent("crm.import", WAIT);
      assertThat(frame.object().get("text").asText()).isEqualTo(text);
      assertThat(tap.raw()).doesNotContain("\r");
    }
  }

  static long headOf(Api.Session session) {
    return server.database().read(h -> h.createQuery(
            "SELECT event_seq FROM companies WHERE id = :id").bind("id", session.companyId())
        .mapTo(Long.class).one());
  }

  private static SseTap.Frame frame(List<SseTap.Frame> frames, String event) {
    return frames.stream().filter(f -> event.equals(f.event())).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no " + event + " frame"));
  }

  private static void assertSameAsGet(SseTap.Frame frame, String path, Api.Session session) {
    assertThat(frame.object()).isEqualTo(api.call("GET", path, null, session).expect(200).json());
  }
}

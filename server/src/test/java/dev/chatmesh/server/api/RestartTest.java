package dev.chatmesh.server.api;

import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.Snapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A node that stops and starts again on the same data loses nothing and logs no one out. */
class RestartTest {

  @RegisterExtension
  static final Node server = Node.sqlite();
  static final Api api = server.api();
  static Api.Session admin;
  static Api.Session agent;
  static Api.Session loggedOut;
  static Map<String, String> beforeRestart = new LinkedHashMap<>();
  static Api.Session busy;
  static Snapshot stored;
  static Snapshot restarted;

  @BeforeAll
  static void changeAndRestart() {
    admin = api.signup("Durable Co", "Dora Admin");
    agent = api.invite(admin, "Dino Agent", "agent");
    loggedOut = api.login(agent.email(), Api.PASSWORD).in(admin.companyId());
    api.call("POST", "api/auth/logout", null, loggedOut).expect(204);
    long customer = api.call("POST", "api/customers", Map.of("name", "Kept Kim",
        "tags", List.of("vip"), "assignedEmployeeId", agent.employeeId()), admin).expect(201).id();
    long note = api.call("POST", "api/notes", Map.of("customerId", customer, "body", "kept",
        "metadata", Map.of("channel", "zalo", "score", 9)), agent).expect(201).id();
    long notification = api.call("POST", "api/notifications", Map.of("title", "Kept",
        "recipientId", agent.employeeId()), admin).expect(201).id();
    for (String path : List.of("api/customers/" + customer, "api/notes/" + note,
        "api/employees/" + agent.employeeId(), "api/customers", "api/employees", "api/notes",
        "api/activities", "api/auth/me")) {
      beforeRestart.put(path, api.call("GET", path, null, admin).expect(200).body());
    }
    beforeRestart.put("agent's notification " + notification, api.call("GET",
        "api/notifications/" + notification, null, agent).expect(200).body());
    // Another company keeps working after the restart, without touching what is compared.
    busy = api.signup("Busy Co", "Bo Busy");
    api.call("POST", "api/customers", Map.of("name", "Before"), busy).expect(201);
    stored = Snapshot.of(server);

    server.restart();
    restarted = Snapshot.of(server);
  }

  @Test
  void everyRecordReadsBackTheSame() {
    assertThat(restarted).isEqualTo(stored);
    beforeRestart.forEach((what, body) -> {
      String path = what.startsWith("agent's notification ")
          ? "api/notifications/" + what.substring("agent's notification ".length()) : what;
      Api.Session as = what.startsWith("agent's") ? agent : admin;
      assertThat(api.call("GET", path, null, as).expect(200).body()).as(path).isEqualTo(body);
    });
  }

  @Test
  void tokensIssuedBeforeTheRestartStillWork() {
    api.call("GET", "api/customers", null, agent).expect(200);
  }

  @Test
  void aSessionEndedBeforeTheRestartStaysEnded() {
    api.call("GET", "api/customers", null, loggedOut).problem(401);
  }

  @Test
  void passwordsStillLogIn() {
    Api.Session again = api.login(agent.email(), Api.PASSWORD);
    assertThat(again.employeeId()).isEqualTo(agent.employeeId());
  }

  @Test
  void theEventSequenceContinuesWhereItLeftOff() {
    long head = stored.head(busy.companyId());
    api.call("POST", "api/customers", Map.of("name", "After"), busy).expect(201);
    List<Long> ids = new ArrayList<>();
    api.call("GET", "api/events?after=" + (head - 2), null, busy).expect(200).json()
        .get("events").forEach(event -> ids.add(event.get("id").asLong()));
    assertThat(ids).containsExactly(head - 1, head, head + 1, head + 2);
  }
}

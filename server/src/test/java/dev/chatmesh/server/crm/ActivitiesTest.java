package dev.chatmesh.server.crm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.json.Json;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.Snapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ActivitiesTest {

  @RegisterExtension
  static final Node server = Node.sqlite();
  static final Api api = server.api();
  static Api.Session admin;
  static Api.Session agent;

  @BeforeAll
  static void setUp() {
    admin = api.signup("Audit Co", "Ava Admin");
    agent = api.invite(admin, "Abe Agent", "agent");
  }

  @Test
  void everyChangeCommitsExactlyOneActivityLineTogetherWithItsRowAndEvents() {
    Snapshot before = Snapshot.of(server);
    JsonNode customer = api.call("POST", "api/customers", Map.of("name", "Audited Ann"), agent)
        .expect(201).json();
    Snapshot after = Snapshot.of(server);

    // Visible as soon as the change answers: written in its transaction, not after it.
    assertThat(after.count("activities")).isEqualTo(before.count("activities") + 1);
    List<Map<String, Object>> lines = after.tables().get("activities");
    Map<String, Object> line = lines.getLast();
    assertThat(line.get("entity_type")).isEqualTo("customer");
    assertThat(((Number) line.get("entity_id")).longValue()).isEqualTo(customer.get("id").asLong());
    assertThat(line.get("action")).isEqualTo("created");
    assertThat(((Number) line.get("actor_id")).longValue()).isEqualTo(agent.employeeId());
    assertThat(line.get("actor_name")).isEqualTo("Abe Agent");
    assertThat(Json.timestamp(((Number) line.get("created_at")).longValue()))
        .as("the row and its activity share the change's timestamp")
        .isEqualTo(customer.get("createdAt").asText());

    // The customer's event and the activity's event are consecutive in the company's sequence.
    long head = before.head(admin.companyId());
    assertThat(after.head(admin.companyId())).isEqualTo(head + 2);
    List<Map<String, Object>> events = after.tables().get("events").stream()
        .filter(e -> ((Number) e.get("company_id")).longValue() == admin.companyId()
            && ((Number) e.get("seq")).longValue() > head).toList();
    assertThat(events).extracting(e -> e.get("type"))
        .containsExactly("customer_created", "activity_created");
  }

  @Test
  void everyKindOfChangeWritesOneLineAndTwoEvents() {
    long customer = api.call("POST", "api/customers", Map.of("name", "Kinds"), admin)
        .expect(201).id();
    String email = Api.email("kim");
    String token = api.call("POST", "api/employees/invitations", Map.of("email", email), admin)
        .expect(201).json().get("token").asText();
    List<Runnable> changes = new ArrayList<>();
    long[] ids = new long[2];
    // Joining also closes the invitation: one event more than the other changes.
    changes.add(() -> ids[0] = api.call("POST", "api/invitations/redeem", Map.of("token", token,
        "name", "Kim Kind", "password", Api.PASSWORD), null).expect(201).json()
        .get("memberships").get(0).get("employeeId").asLong());
    changes.add(() -> api.call("PATCH", "api/employees/" + ids[0], Map.of("version", 1,
        "title", "Lead"), admin).expect(200));
    changes.add(() -> ids[1] = api.call("POST", "api/notes", Map.of("customerId", customer,
        "body", "n"), agent).expect(201).id());
    changes.add(() -> api.call("PATCH", "api/notes/" + ids[1], Map.of("version", 1,
        "pinned", true), agent).expect(200));
    changes.add(() -> api.call("DELETE", "api/notes/" + ids[1], null, agent).expect(204));
    changes.add(() -> api.call("DELETE", "api/employees/" + ids[0], null, admin).expect(204));
    changes.add(() -> api.call("DELETE", "api/customers/" + customer, null, admin).expect(204));
    for (int i = 0; i < changes.size(); i++) {
      Snapshot before = Snapshot.of(server);
      changes.get(i).run();
      Snapshot after = Snapshot.of(server);
      assertThat(after.count("activities")).isEqualTo(before.count("activities") + 1);
      assertThat(after.head(admin.companyId()))
          .isEqualTo(before.head(admin.companyId()) + (i == 0 ? 3 : 2));
    }
    JsonNode feed = api.call("GET", "api/activities?limit=7", null, agent).json();
    assertThat(feed.get("items")).extracting(a -> a.get("entityType").asText() + " "
        + a.get("action").asText()).containsExactly("customer deleted", "employee deleted",
        "note deleted", "note updated", "note created", "employee updated", "employee created");
  }

  @Test
  void updatesDeletesAndAssignmentsEachWriteTheirOwnLine() {
    long id = api.call("POST", "api/customers", Map.of("name", "Busy Bob"), agent).expect(201)
        .id();
    api.call("PATCH", "api/customers/" + id, Map.of("version", 1, "phone", "1"), agent)
        .expect(200);
    api.call("PATCH", "api/customers/" + id, Map.of("version", 2,
        "assignedEmployeeId", agent.employeeId()), admin).expect(200);
    api.call("DELETE", "api/customers/" + id, null, admin).expect(204);

    JsonNode feed = api.call("GET", "api/activities?entityType=customer&entityId=" + id, null,
        agent).expect(200).json();
    assertThat(feed.get("total").asLong()).isEqualTo(4);
    assertThat(feed.get("items")).extracting(a -> a.get("action").asText())
        .containsExactly("deleted", "assigned", "updated", "created");
    assertThat(feed.get("items").get(1).get("description").asText())
        .isEqualTo("Busy Bob was assigned to Abe Agent");
    assertThat(feed.get("items").get(0).get("actorName").asText()).isEqualTo("Ava Admin");
  }

  @Test
  void aRejectedChangeWritesNoActivity() {
    long id = api.call("POST", "api/customers", Map.of("name", "Stale Sue"), agent).expect(201)
        .id();
    Snapshot before = Snapshot.of(server);
    api.call("PATCH", "api/customers/" + id, Map.of("version", 7, "name", "x"), agent)
        .problem(409);
    api.call("POST", "api/customers", Map.of("name", ""), agent).problem(422);
    api.call("POST", "api/customers", Map.of("name", "x", "assignedEmployeeId", 999_999), agent)
        .problem(422);
    assertThat(Snapshot.of(server)).isEqualTo(before);
  }

  @Test
  void anActivityIsReadByIdAndTheFeedIsPagedAndSearchable() {
    api.call("POST", "api/customers", Map.of("name", "Feedy One"), agent).expect(201);
    api.call("POST", "api/customers", Map.of("name", "Feedy Two"), agent).expect(201);
    JsonNode page = api.call("GET", "api/activities?q=feedy&limit=1", null, admin).expect(200)
        .json();
    assertThat(page.get("total").asLong()).isEqualTo(2);
    JsonNode newest = page.get("items").get(0);
    assertThat(newest.get("description").asText()).isEqualTo("Abe Agent added Feedy Two");
    assertThat(api.call("GET", "api/activities?q=feedy&limit=1&offset=1", null, admin).json()
        .get("items").get(0).get("description").asText()).isEqualTo("Abe Agent added Feedy One");
    assertThat(api.call("GET", "api/activities/" + newest.get("id").asLong(), null, agent)
        .expect(200).json()).isEqualTo(newest);
  }

  @Test
  void theFeedCanOnlyBeReadNeverWritten() {
    long id = api.call("GET", "api/activities?limit=1", null, admin).json().get("items").get(0)
        .get("id").asLong();
    Snapshot before = Snapshot.of(server);
    api.call("POST", "api/activities", Map.of("entityType", "customer", "entityId", 1,
        "action", "created", "description", "forged"), admin).problem(405);
    api.call("PUT", "api/activities/" + id, Map.of("description", "rewritten"), admin)
        .problem(405);
    api.call("PATCH", "api/activities/" + id, Map.of("description", "rewritten"), admin)
        .problem(405);
    api.call("DELETE", "api/activities/" + id, null, admin).problem(405);
    assertThat(Snapshot.of(server)).isEqualTo(before);
  }
}

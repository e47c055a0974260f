package dev.chatmesh.server.api;

import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.Snapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Agents work with customers, notes and notifications; running the company is for admins. */
class RolesTest {

  @RegisterExtension
  static final Node server = Node.sqlite();
  static final Api api = server.api();
  static Api.Session admin;
  static Api.Session agent;
  static Api.Session colleague;
  static long apiKey;
  static long invitation;

  @BeforeAll
  static void setUp() {
    admin = api.signup("Roles Co", "Rae Admin");
    agent = api.invite(admin, "Rick Agent", "agent");
    colleague = api.invite(admin, "Rosa Colleague", "agent");
    apiKey = api.call("POST", "api/api-keys", Map.of("name", "backend"), admin).expect(201).id();
    invitation = api.call("POST", "api/employees/invitations", Map.of("email",
        Api.email("pending")), admin).expect(201).json().get("invitation").get("id").asLong();
  }

  @ParameterizedTest(name = "{0}: {1} {2}")
  @CsvSource(delimiter = '|', textBlock = """
      inviting someone               | POST   | api/employees/invitations | {"email":"new@roles.test"}
      withdrawing an invitation      | DELETE | api/employees/invitations/{invitation} |
      removing a colleague           | DELETE | api/employees/{colleague} |
      removing an admin              | DELETE | api/employees/{admin}     |
      editing a colleague profile   | PATCH  | api/employees/{colleague} | {"version":1,"title":"Intern"}
      editing an admin profile       | PUT    | api/employees/{admin}     | {"version":1,"name":"Demoted"}
      promoting themselves           | PATCH  | api/employees/{agent}     | {"version":1,"role":"admin"}
      keeping their own role         | PATCH  | api/employees/{agent}     | {"version":1,"role":"agent"}
      listing API keys               | GET    | api/api-keys              |
      creating an API key            | POST   | api/api-keys              | {"name":"mine"}
      revoking an API key            | DELETE | api/api-keys/{apiKey}     |
      reading stream statistics      | GET    | api/events/stats          |
      """)
  void anAgentIsForbidden(String what, String method, String path, String body) {
    Snapshot before = Snapshot.of(server);
    api.call(method, fill(path), body, agent).problem(403);
    assertThat(Snapshot.of(server)).isEqualTo(before);
  }

  @Test
  void anAgentEditsTheirOwnProfile() {
    int version = api.call("GET", "api/employees/" + agent.employeeId(), null, agent).json()
        .get("version").asInt();
    api.call("PATCH", "api/employees/" + agent.employeeId(), Map.of("version", version,
        "phone", "+84 2"), agent).expect(200);
  }

  @Test
  void anAdminManagesKeysAndSeesStatistics() {
    Api.Res created = api.call("POST", "api/api-keys", Map.of("name", "ci"), admin).expect(201);
    String key = created.json().get("key").asText();
    assertThat(key).startsWith("cmk_");
    String listed = api.call("GET", "api/api-keys", null, admin).expect(200).body();
    assertThat(listed).contains("\"ci\"").doesNotContain(key);
    api.call("DELETE", "api/api-keys/" + created.id(), null, admin).expect(204);
    assertThat(api.call("GET", "api/api-keys", null, admin).body()).doesNotContain("\"ci\"");
    assertThat(api.call("GET", "api/events/stats", null, admin).expect(200).json()
        .get("companyId").asLong()).isEqualTo(admin.companyId());
  }

  @Test
  void anAgentWorksWithCustomersNotesAndNotifications() {
    long customer = api.call("POST", "api/customers", Map.of("name", "Agent's Own"), agent)
        .expect(201).id();
    api.call("POST", "api/notes", Map.of("customerId", customer, "body", "hello"), agent)
        .expect(201);
    api.call("POST", "api/notifications", Map.of("title", "FYI"), agent).expect(201);
    api.call("GET", "api/employees", null, agent).expect(200);
    api.call("GET", "api/activities", null, agent).expect(200);
    api.call("DELETE", "api/customers/" + customer, null, agent).expect(204);
  }

  private static String fill(String path) {
    return path.replace("{colleague}", Long.toString(colleague.employeeId()))
        .replace("{admin}", Long.toString(admin.employeeId()))
        .replace("{agent}", Long.toString(agent.employeeId()))
        .replace("{apiKey}", Long.toString(apiKey))
        .replace("{invitation}", Long.toString(invitation));
  }
}

package dev.chatmesh.server.crm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.Snapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class EmployeesTest {

  @RegisterExtension
  static final Node server = Node.sqlite();
  static final Api api = server.api();
  static Api.Session admin;

  @BeforeAll
  static void setUp() {
    admin = api.signup("Staff Co", "Stella Admin");
  }

  @Test
  void anEmployeeEditsTheirOwnProfileAndAnAdminEditsAnyonesIncludingTheRole() {
    Api.Session pat = api.invite(admin, "Pat Profile", "agent");
    JsonNode own = api.call("PATCH", "api/employees/" + pat.employeeId(), Map.of("version", 1,
        "title", "Senior agent", "avatarUrl", "https://a.test/pat.png"), pat).expect(200).json();
    assertThat(own.get("title").asText()).isEqualTo("Senior agent");
    assertThat(own.get("name").asText()).isEqualTo("Pat Profile");
    assertThat(own.get("version").asInt()).isEqualTo(2);

    JsonNode promoted = api.call("PUT", "api/employees/" + pat.employeeId(), Map.of("version", 2,
        "role", "admin", "name", "Pat Boss"), admin).expect(200).json();
    assertThat(promoted.get("role").asText()).isEqualTo("admin");
    assertThat(promoted.get("name").asText()).isEqualTo("Pat Boss");
    assertThat(promoted.get("title").asText()).isEqualTo("Senior agent");
    // The new role counts at once: Pat may now do what only admins may.
    api.call("GET", "api/api-keys", null, pat).expect(200);
  }

  @Test
  void removingAnEmployeeEndsTheirMembershipAndUnassignsTheirCustomers() {
    Api.Session leaving = api.invite(admin, "Leo Leaving", "agent");
    long customer = api.call("POST", "api/customers", Map.of("name", "Leo's Customer",
        "assignedEmployeeId", leaving.employeeId()), admin).expect(201).id();
    long note = api.call("POST", "api/notes", Map.of("customerId", customer, "body", "by Leo"),
        leaving).expect(201).id();

    api.call("DELETE", "api/employees/" + leaving.employeeId(), null, admin).expect(204);

    api.call("GET", "api/customers", null, leaving).problem(403);
    api.call("GET", "api/employees/" + leaving.employeeId(), null, admin).problem(404);
    api.call("DELETE", "api/employees/" + leaving.employeeId(), null, admin).problem(404);
    assertThat(names(api.call("GET", "api/employees?limit=200", null, admin).json()))
        .doesNotContain("Leo Leaving");
    JsonNode unassigned = api.call("GET", "api/customers/" + customer, null, admin).json();
    assertThat(unassigned.get("assignedEmployeeId").isNull()).isTrue();
    assertThat(unassigned.get("version").asInt()).isEqualTo(2);
    JsonNode kept = api.call("GET", "api/notes/" + note, null, admin).expect(200).json();
    assertThat(kept.get("author").get("name").asText())
        .as("a note keeps its author after they leave").isEqualTo("Leo Leaving");
  }

  @Test
  void aRemovedPersonCanBeInvitedAgain() {
    Api.Session back = api.invite(admin, "Bea Back", "agent");
    api.call("DELETE", "api/employees/" + back.employeeId(), null, admin).expect(204);
    Api.Session again = api.join(admin, back.withoutCompany(), "agent");
    assertThat(again.employeeId()).isNotZero().isNotEqualTo(back.employeeId());
    api.call("GET", "api/customers", null, again).expect(200);
  }

  @Test
  void aCompanyAlwaysKeepsAnAdmin() {
    Api.Session solo = api.signup("Solo Co", "Sol Admin");
    Snapshot before = Snapshot.of(server);
    api.call("DELETE", "api/employees/" + solo.employeeId(), null, solo).problem(409);
    api.call("PATCH", "api/employees/" + solo.employeeId(), Map.of("version", 1,
        "role", "agent"), solo).problem(409);
    assertThat(Snapshot.of(server)).isEqualTo(before);
  }

  @Test
  void theListIsPagedAndSearchesNameEmailAndTitle() {
    Api.Session searcher = api.signup("Search Staff", "Quinn Admin");
    for (String name : List.of("Zed One", "Zed Two", "Zed Three")) {
      api.invite(searcher, name, "agent");
    }
    api.call("PATCH", "api/employees/" + searcher.employeeId(), Map.of("version", 1,
        "title", "Zed wrangler"), searcher).expect(200);

    JsonNode all = api.call("GET", "api/employees", null, searcher).expect(200).json();
    assertThat(all.get("total").asLong()).isEqualTo(4);
    JsonNode page = api.call("GET", "api/employees?q=ZED&limit=3&offset=1", null, searcher)
        .expect(200).json();
    assertThat(page.get("total").asLong()).isEqualTo(4);
    assertThat(names(page)).containsExactly("Zed One", "Zed Three", "Zed Two");
    JsonNode byEmail = api.call("GET", "api/employees?q=" + all.get("items").get(0).get("email")
        .asText(), null, searcher).json();
    assertThat(byEmail.get("total").asLong()).isEqualTo(1);
  }

  private static List<String> names(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.get("items").forEach(item -> names.add(item.get("name").asText()));
    return names;
  }
}

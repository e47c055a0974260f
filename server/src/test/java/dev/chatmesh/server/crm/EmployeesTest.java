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
  void anAdminInvitesANewPersonWhoseAccountIsCreatedWithTheGivenPassword() {
    String email = Api.email("nina");
    JsonNode employee = api.call("POST", "api/employees", Map.of("name", "Nina New",
        "email", email.toUpperCase(Locale.ROOT), "role", "agent", "title", "Support", "phone", "+84 1",
        "password", "first password"), admin).expect(201).json();
    assertThat(employee.get("email").asText()).isEqualTo(email);
    assertThat(employee.get("role").asText()).isEqualTo("agent");
    assertThat(employee.get("title").asText()).isEqualTo("Support");
    assertThat(employee.get("companyId").asLong()).isEqualTo(admin.companyId());
    assertThat(employee.get("version").asInt()).isEqualTo(1);

    Api.Session nina = api.login(email, "first password");
    assertThat(nina.accountId()).isEqualTo(employee.get("accountId").asLong());
    assertThat(nina.employeeId()).isEqualTo(employee.get("id").asLong());
    assertThat(api.call("GET", "api/employees/" + nina.employeeId(), null, nina).expect(200)
        .json()).isEqualTo(employee);
  }

  @Test
  void theRoleDefaultsToAgent() {
    JsonNode employee = api.call("POST", "api/employees", Map.of("name", "Default Dan",
        "email", Api.email("dan"), "password", Api.PASSWORD), admin).expect(201).json();
    assertThat(employee.get("role").asText()).isEqualTo("agent");
  }

  @Test
  void invitingAnExistingAccountAddsAMembershipAndKeepsTheirPassword() {
    Api.Session elsewhere = api.signup("Other Co", "Olga Other");
    JsonNode employee = api.call("POST", "api/employees", Map.of("name", "Olga Here",
        "email", elsewhere.email(), "role", "admin", "password", "ignored password"), admin)
        .expect(201).json();
    assertThat(employee.get("accountId").asLong()).isEqualTo(elsewhere.accountId());

    Api.Session olga = api.login(elsewhere.email(), Api.PASSWORD);
    assertThat(olga.login().get("memberships")).hasSize(2);
    assertThat(api.call("POST", "api/auth/login", Map.of("email", elsewhere.email(),
        "password", "ignored password"), null).status()).isEqualTo(401);
  }

  @Test
  void invitingANewAddressWithoutAPasswordIsRejectedAndStoresNothing() {
    Snapshot before = Snapshot.of(server);
    JsonNode problem = api.call("POST", "api/employees", Map.of("name", "No Password",
        "email", Api.email("nopass")), admin).problem(422);
    assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("password");
    assertThat(Snapshot.of(server)).isEqualTo(before);
  }

  @Test
  void invitingSomeoneWhoIsAlreadyAMemberIsAConflict() {
    Api.Session twice = api.invite(admin, "Tom Twice", "agent");
    Snapshot before = Snapshot.of(server);
    api.call("POST", "api/employees", Map.of("name", "Tom Again", "email", twice.email(),
        "password", Api.PASSWORD), admin).problem(409);
    assertThat(Snapshot.of(server)).isEqualTo(before);
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
    JsonNode again = api.call("POST", "api/employees", Map.of("name", "Bea Back",
        "email", back.email()), admin).expect(201).json();
    assertThat(again.get("id").asLong()).isNotEqualTo(back.employeeId());
    Api.Session relogged = api.login(back.email(), Api.PASSWORD);
    api.call("GET", "api/customers", null, relogged).expect(200);
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

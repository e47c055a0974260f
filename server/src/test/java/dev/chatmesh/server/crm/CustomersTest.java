package dev.chatmesh.server.crm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CustomersTest {

  @RegisterExtension
  static final Node server = Node.sqlite();
  static final Api api = server.api();
  static Api.Session admin;
  static Api.Session agent;

  @BeforeAll
  static void setUp() {
    admin = api.signup("Customers Co", "Carla Admin");
    agent = api.invite(admin, "Andy Agent", "agent");
  }

  @Test
  void aCustomerIsCreatedReadUpdatedAndDeletedByAnyMember() {
    Api.Res created = api.call("POST", "api/customers", Map.of("name", "  Grace Hopper ",
        "email", "Grace@Example.test", "phone", "+1 555 0100", "avatarUrl", "https://a.test/g.png",
        "tags", List.of("vip", "navy", "vip")), agent).expect(201);
    JsonNode customer = created.json();
    long id = customer.get("id").asLong();
    assertThat(customer.get("name").asText()).isEqualTo("Grace Hopper");
    assertThat(customer.get("email").asText()).isEqualTo("grace@example.test");
    assertThat(customer.get("tags")).hasSize(2);
    assertThat(customer.get("assignedEmployeeId").isNull()).isTrue();
    assertThat(customer.get("assignedEmployee").isNull()).isTrue();
    assertThat(customer.get("version").asInt()).isEqualTo(1);
    assertThat(customer.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

    assertThat(api.call("GET", "api/customers/" + id, null, admin).expect(200).json())
        .isEqualTo(customer);

    JsonNode updated = api.call("PATCH", "api/customers/" + id, Map.of("version", 1,
        "phone", "+1 555 0199", "tags", List.of("admiral")), admin).expect(200).json();
    assertThat(updated.get("phone").asText()).isEqualTo("+1 555 0199");
    assertThat(updated.get("tags").get(0).asText()).isEqualTo("admiral");
    assertThat(updated.get("name").asText()).as("fields not sent are kept")
        .isEqualTo("Grace Hopper");
    assertThat(updated.get("email").asText()).isEqualTo("grace@example.test");
    assertThat(updated.get("version").asInt()).isEqualTo(2);
    assertThat(api.call("GET", "api/customers/" + id, null, agent).json()).isEqualTo(updated);

    api.call("DELETE", "api/customers/" + id, null, agent).expect(204);
    api.call("GET", "api/customers/" + id, null, admin).problem(404);
    api.call("DELETE", "api/customers/" + id, null, admin).problem(404);
  }

  @Test
  void anAssignedCustomerEmbedsTheWholeEmployeeAsItsGetReturnsIt() {
    JsonNode agentAsEmployee = api.call("GET", "api/employees/" + agent.employeeId(), null,
        admin).expect(200).json();
    JsonNode customer = api.call("POST", "api/customers", Map.of("name", "Assigned Alice",
        "assignedEmployeeId", agent.employeeId()), admin).expect(201).json();
    assertThat(customer.get("assignedEmployeeId").asLong()).isEqualTo(agent.employeeId());
    assertThat(customer.get("assignedEmployee")).isEqualTo(agentAsEmployee);

    long id = customer.get("id").asLong();
    JsonNode reassigned = api.call("PUT", "api/customers/" + id, Map.of("version", 1,
        "assignedEmployeeId", admin.employeeId()), agent).expect(200).json();
    assertThat(reassigned.get("assignedEmployee").get("id").asLong())
        .isEqualTo(admin.employeeId());
    assertThat(reassigned.get("assignedEmployee").get("name").asText()).isEqualTo("Carla Admin");

    Map<String, Object> unassign = new HashMap<>();
    unassign.put("version", 2);
    unassign.put("assignedEmployeeId", null);
    JsonNode unassigned = api.call("PATCH", "api/customers/" + id, unassign, agent)
        .expect(200).json();
    assertThat(unassigned.get("assignedEmployeeId").isNull()).isTrue();
    assertThat(unassigned.get("assignedEmployee").isNull()).isTrue();
  }

  @Test
  void customersCanBeFilteredByAssignee() {
    long mine = create("Filter Mine", Map.of("assignedEmployeeId", agent.employeeId()));
    create("Filter Nobody's", Map.of());
    JsonNode list = api.call("GET", "api/customers?q=filter&assignedEmployeeId="
        + agent.employeeId(), null, agent).expect(200).json();
    assertThat(list.get("total").asLong()).isEqualTo(1);
    assertThat(list.get("items").get(0).get("id").asLong()).isEqualTo(mine);
  }

  @Test
  void theListIsPagedNewestFirstWithTheTotalOfEveryMatch() {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(create("Pager " + i, Map.of()));
    }
    List<Long> seen = new ArrayList<>();
    for (int offset = 0; offset < 6; offset += 2) {
      JsonNode page = api.call("GET", "api/customers?q=pager&limit=2&offset=" + offset, null,
          agent).expect(200).json();
      assertThat(page.get("total").asLong()).isEqualTo(5);
      assertThat(page.get("limit").asInt()).isEqualTo(2);
      assertThat(page.get("offset").asInt()).isEqualTo(offset);
      page.get("items").forEach(item -> seen.add(item.get("id").asLong()));
    }
    assertThat(seen).containsExactlyElementsOf(ids.reversed());

    JsonNode beyond = api.call("GET", "api/customers?q=pager&offset=50", null, agent).json();
    assertThat(beyond.get("items")).isEmpty();
    assertThat(beyond.get("total").asLong()).isEqualTo(5);
    assertThat(api.call("GET", "api/customers", null, agent).json().get("limit").asInt())
        .as("default page size").isEqualTo(50);
  }

  @Test
  void searchMatchesNameEmailOrPhoneIgnoringCaseAndTakesWildcardsLiterally() {
    long byName = create("Searchable Sam", Map.of());
    long byEmail = create("Someone", Map.of("email", "sam.searchable@example.test"));
    long byPhone = create("Other", Map.of("phone", "+84 909 777 123"));
    create("Unrelated", Map.of());
    long percent = create("100% Real_Deal", Map.of());
    long bang = create("Wow! Such Customer", Map.of());

    assertThat(searchIds("SEARCHABLE")).containsExactlyInAnyOrder(byName, byEmail);
    assertThat(searchIds("909 777")).containsExactly(byPhone);
    assertThat(searchIds("100%")).containsExactly(percent);
    assertThat(searchIds("l_deal")).containsExactly(percent);
    assertThat(searchIds("0%r")).isEmpty();
    assertThat(searchIds("wow!")).containsExactly(bang);
    assertThat(searchIds("w!s")).isEmpty();
    assertThat(searchIds("nothing-like-this")).isEmpty();
  }

  private static List<Long> searchIds(String q) {
    JsonNode list = api.call("GET", "api/customers?q="
        + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8), null, agent)
        .expect(200).json();
    List<Long> ids = new ArrayList<>();
    list.get("items").forEach(item -> ids.add(item.get("id").asLong()));
    assertThat(list.get("total").asLong()).isEqualTo(ids.size());
    return ids;
  }

  private static long create(String name, Map<String, Object> fields) {
    Map<String, Object> body = new HashMap<>(fields);
    body.put("name", name);
    return api.call("POST", "api/customers", body, agent).expect(201).id();
  }
}

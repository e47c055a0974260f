package dev.chatmesh.server.crm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.json.Json;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The essentials of the CRM store, run once on the embedded SQLite file and once on
 * PostgreSQL: what one engine stores, finds, refuses and keeps, the other does too.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("engines")
class StoreContractTest {

  @Parameter
  Node engine;

  static Node server;
  static Api api;
  static Api.Session admin;
  static Api.Session agent;
  static Api.Session stranger;

  static Stream<Node> engines() {
    return Node.onEachEngine();
  }

  @BeforeParameterizedClassInvocation
  static void setUp(Node node) {
    server = node.start();
    api = server.api();
    admin = api.signup("Contract Co", "Cora Admin");
    agent = api.invite(admin, "Cody Agent", "agent");
    stranger = api.signup("Elsewhere Co", "Eli Stranger");
  }

  @Test
  void aCustomerRoundTripsWithUnicodeTagsAndItsAssignee() {
    JsonNode created = api.call("POST", "api/customers", Map.of("name", "Nguyễn Thị Ánh ✓",
        "email", "anh@example.test", "tags", List.of("khách VIP", "😀"),
        "assignedEmployeeId", agent.employeeId()), admin).expect(201).json();
    String path = "api/customers/" + created.get("id").asLong();
    assertThat(api.call("GET", path, null, agent).json()).isEqualTo(created);
    assertThat(created.get("name").asText()).isEqualTo("Nguyễn Thị Ánh ✓");
    assertThat(created.get("tags")).extracting(JsonNode::asText)
        .containsExactly("khách VIP", "😀");
    assertThat(created.get("assignedEmployee").get("name").asText()).isEqualTo("Cody Agent");

    JsonNode updated = api.call("PATCH", path, Map.of("version", 1, "name", "Ánh"), agent)
        .expect(200).json();
    assertThat(updated.get("version").asInt()).isEqualTo(2);
    assertThat(updated.get("tags")).isEqualTo(created.get("tags"));
    api.call("DELETE", path, null, agent).expect(204);
    api.call("GET", path, null, agent).problem(404);
  }

  @Test
  void aNoteKeepsItsMetadataExactly() {
    long customer = customer("Meta Customer");
    JsonNode metadata = Json.read("{\"n\":1,\"big\":9007199254740993,\"f\":1.25,\"t\":true,"
        + "\"nil\":null,\"list\":[1,\"two\",{\"three\":3}],\"text\":\"Đà Nẵng \\\"q\\\" \\\\ ✓\"}");
    JsonNode note = api.call("POST", "api/notes", Map.of("customerId", customer,
        "body", "multi\nline\ttext", "metadata", metadata), agent).expect(201).json();
    JsonNode read = api.call("GET", "api/notes/" + note.get("id").asLong(), null, admin).json();
    assertThat(read.get("metadata")).isEqualTo(metadata);
    assertThat(read.get("body").asText()).isEqualTo("multi\nline\ttext");
    assertThat(read.get("author").get("id").asLong()).isEqualTo(agent.employeeId());
  }

  @Test
  void anInvitedEmployeeIsUpdatedAndRemoved() {
    Api.Session temp = api.invite(admin, "Tess Temp", "agent");
    JsonNode updated = api.call("PATCH", "api/employees/" + temp.employeeId(),
        Map.of("version", 1, "role", "admin"), admin).expect(200).json();
    assertThat(updated.get("role").asText()).isEqualTo("admin");
    api.call("DELETE", "api/employees/" + temp.employeeId(), null, admin).expect(204);
    api.call("GET", "api/customers", null, temp).problem(403);
  }

  @Test
  void listsArePagedAndSearchIgnoresCaseOfAccentedLettersToo() {
    List<Long> ids = new ArrayList<>();
    for (String name : List.of("Élodie Durand", "ÉLODIE Martin", "élodie Petit")) {
      ids.add(customer(name));
    }
    for (String q : List.of("élodie", "ÉLODIE", "Élodie")) {
      JsonNode found = search(q, 2, 0);
      assertThat(found.get("total").asLong()).as(q).isEqualTo(3);
      assertThat(found.get("items")).hasSize(2);
    }
    JsonNode second = search("élodie", 2, 2);
    assertThat(second.get("items").get(0).get("id").asLong()).isEqualTo(ids.getFirst());
    assertThat(search("50%", 50, 0).get("total").asLong()).isZero();
  }

  @Test
  void aStaleOrMissingVersionChangesNothing() {
    long id = customer("Versioned Vic");
    api.call("PATCH", "api/customers/" + id, Map.of("version", 1, "phone", "1"), admin)
        .expect(200);
    Snapshot before = Snapshot.of(server);
    api.call("PATCH", "api/customers/" + id, Map.of("version", 1, "phone", "2"), agent)
        .problem(409);
    api.call("PATCH", "api/customers/" + id, Map.of("phone", "3"), agent).problem(428);
    assertThat(Snapshot.of(server)).isEqualTo(before);
  }

  @Test
  void ofConcurrentUpdatesFromTheSameVersionExactlyOneWins() throws Exception {
    long id = customer("Contested Cam");
    List<Integer> statuses = inParallel(8, i -> api.call("PATCH", "api/customers/" + id,
        Map.of("version", 1, "name", "Winner " + i), i % 2 == 0 ? admin : agent).status());
    assertThat(statuses).containsOnly(200, 409);
    assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
    assertThat(api.call("GET", "api/customers/" + id, null, admin).json().get("version").asInt())
        .isEqualTo(2);
  }

  @Test
  void concurrentChangesGetGapFreeEventIdsWithTheirActivities() throws Exception {
    long head = Snapshot.of(server).head(admin.companyId());
    inParallel(10, i -> api.call("POST", "api/customers", Map.of("name", "Rush " + i),
        i % 2 == 0 ? admin : agent).expect(201));
    Snapshot after = Snapshot.of(server);
    assertThat(after.head(admin.companyId())).isEqualTo(head + 20);
    List<Map<String, Object>> events = after.tables().get("events").stream()
        .filter(e -> ((Number) e.get("company_id")).longValue() == admin.companyId()
            && ((Number) e.get("seq")).longValue() > head).toList();
    assertThat(events).extracting(e -> ((Number) e.get("seq")).longValue())
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(head + 1, head + 20)
            .boxed().toList());
    // Each change's own events stay together: its customer, then its activity line.
    for (int i = 0; i < events.size(); i += 2) {
      assertThat(events.get(i).get("type")).isEqualTo("customer_created");
      assertThat(events.get(i + 1).get("type")).isEqualTo("activity_created");
    }
  }

  @Test
  void concurrentSignupsWithOneAddressCreateOneAccountAndConflictTheRest() throws Exception {
    String email = Api.email("racer");
    List<Integer> statuses = inParallel(3, i -> api.call("POST", "api/auth/signup",
        Map.of("companyName", "Race " + i, "name", "Racer", "email", email,
            "password", Api.PASSWORD), null).status());
    assertThat(statuses).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
    assertThat(accounts(email)).isEqualTo(1);
  }

  @Test
  void twoCompaniesInvitationsOfOneNewAddressRedeemedAtOnceCreateOneAccount() throws Exception {
    String email = Api.email("wanted");
    List<String> tokens = new ArrayList<>();
    for (Api.Session inviter : List.of(admin, stranger)) {
      tokens.add(api.call("POST", "api/employees/invitations", Map.of("email", email), inviter)
          .expect(201).json().get("token").asText());
    }
    List<Integer> statuses = inParallel(2, i -> api.call("POST", "api/invitations/redeem",
        Map.of("token", tokens.get(i), "name", "Wanted", "password", Api.PASSWORD), null)
        .status());
    assertThat(statuses).containsAnyOf(201).allMatch(s -> s == 201 || s == 409);
    assertThat(accounts(email)).isEqualTo(1);
  }

  @Test
  void anotherCompanysRecordsAreNotFoundForbiddenAndNeverReferenced() {
    long theirs = api.call("POST", "api/customers", Map.of("name", "Their Tina"), stranger)
        .expect(201).id();
    Snapshot before = Snapshot.of(server);
    api.call("GET", "api/customers/" + theirs, null, admin).problem(404);
    api.call("PATCH", "api/customers/" + theirs, Map.of("version", 1, "name", "Mine"), admin)
        .problem(404);
    api.call("DELETE", "api/customers/" + theirs, null, admin).problem(404);
    api.call("DELETE", "api/employees/" + stranger.employeeId(), null, admin).problem(404);
    api.call("POST", "api/notes", Map.of("customerId", theirs, "body", "x"), admin).problem(422);
    api.call("POST", "api/customers", Map.of("name", "x",
        "assignedEmployeeId", stranger.employeeId()), admin).problem(422);
    api.call("GET", "api/customers", null, admin,
        Map.of("X-Company-Id", Long.toString(stranger.companyId()))).problem(403);
    assertThat(Snapshot.of(server)).isEqualTo(before);
  }

  @Test
  void inputTheEngineCannotStoreIsRefusedNotAServerError() {
    long customer = customer("Nul Note");
    Snapshot before = Snapshot.of(server);
    api.call("POST", "api/customers", Map.of("name", "nul\u0000byte"), admin).problem(422);
    api.call("POST", "api/notes", Map.of("customerId", customer, "body", "a\u0000b"), admin)
        .problem(422);
    api.call("GET", "api/customers?q=" + URLEncoder.encode("a\u0000b", StandardCharsets.UTF_8),
        null, admin).problem(400);
    api.call("POST", "api/customers", "{\"name\":\"x\",\"assignedEmployeeId\":"
        + "99999999999999999999}", admin).problem(422);
    assertThat(Snapshot.of(server)).isEqualTo(before);
  }

  @Test
  void dataAndLoginsSurviveARestart() {
    long id = customer("Survivor Sue");
    String before = api.call("GET", "api/customers/" + id, null, admin).body();
    server.restart();
    assertThat(api.call("GET", "api/customers/" + id, null, agent).expect(200).body())
        .isEqualTo(before);
    api.login(agent.email(), Api.PASSWORD);
  }

  private static long accounts(String email) {
    return server.database().read(handle -> handle.createQuery(
        "SELECT COUNT(*) FROM accounts WHERE email = :email").bind("email", email)
        .mapTo(Long.class).one());
  }

  private static long customer(String name) {
    return api.call("POST", "api/customers", Map.of("name", name), admin).expect(201).id();
  }

  private static JsonNode search(String q, int limit, int offset) {
    return api.call("GET", "api/customers?limit=" + limit + "&offset=" + offset + "&q="
        + URLEncoder.encode(q, StandardCharsets.UTF_8), null, agent).expect(200).json();
  }

  /** Runs {@code n} calls at once and returns their results in call order. */
  private static <T> List<T> inParallel(int n, java.util.function.IntFunction<T> call)
      throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          go.await();
          return call.apply(index);
        }));
      }
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    }
  }
}

package dev.chatmesh.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deeply nested JSON can neither get in nor wedge a list: input nests at most 64 levels, and a
 * stored value that the writer cannot serialize (one from before the limit) makes its list a
 * 500 problem that answers at once, not a request that never does.
 */
class DeepJsonTest {

  @RegisterExtension
  static final Node server = Node.sqlite();
  static Api api;
  static Api.Session admin;
  static long customer;

  @BeforeAll
  static void setUp() {
    api = server.api();
    admin = api.signup("Deep Co", "Dee Admin");
    customer = api.call("POST", "api/customers", Map.of("name", "Nested Ned"), admin)
        .expect(201).id();
  }

  static String nested(int depth) {
    return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
  }

  @Test
  void metadataNestedDeeperThanTheLimitIsRefusedWithAProblemInOurWords() {
    String body = "{\"customerId\":" + customer + ",\"body\":\"deep\",\"metadata\":"
        + nested(999) + "}";
    JsonNode problem = api.call("POST", "api/notes", body, admin).problem(400);
    assertThat(problem.get("detail").asText()).contains("nests deeper than 64 levels")
        .doesNotContain("StreamReadConstraints").doesNotContain("jackson");
  }

  @Test
  void metadataAtTheLimitIsStoredAndListed() {
    // The body object is one level, so its metadata may take the other 63.
    String body = "{\"customerId\":" + customer + ",\"body\":\"at the limit\",\"metadata\":"
        + nested(62) + "}";
    api.call("POST", "api/notes", body, admin).expect(201);
    assertThat(api.call("GET", "api/notes?customerId=" + customer, null, admin).expect(200)
        .body()).contains("at the limit");
  }

  @Test
  void aStoredNoteTooDeepToSerializeMakesTheListA500ThatAnswersAtOnce() {
    long other = api.call("POST", "api/customers", Map.of("name", "Wedged Wes"), admin)
        .expect(201).id();
    long note = api.call("POST", "api/notes", Map.of("customerId", other, "body", "soon deep"),
        admin).expect(201).id();
    server.database().transaction(h -> h.createUpdate("UPDATE notes SET metadata = :m WHERE id = :id")
        .bind("m", nested(999)).bind("id", note).execute());

    Api.Res res = api.send(api.request("api/notes?customerId=" + other)
        .timeout(Duration.ofSeconds(5))
        .header("Authorization", "Bearer " + admin.token())
        .header("X-Company-Id", Long.toString(admin.companyId())).GET().build());
    JsonNode problem = res.problem(500);
    assertThat(problem.get("detail").asText()).doesNotContain("jackson");
    // The rest of the company's notes still list.
    api.call("GET", "api/notes?customerId=" + customer, null, admin).expect(200);
  }
}

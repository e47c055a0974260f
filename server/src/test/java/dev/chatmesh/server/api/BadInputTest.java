package dev.chatmesh.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpRequest;
import java.util.Map;
import java.util.stream.Stream;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input of every kind gets a 4xx problem+json that says what is wrong, and changes nothing:
 * not a row, not an event; on either database engine.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("engines")
class BadInputTest {

  @Parameter
  Node engine;

  static Node server;
  static Api api;
  static Api.Session admin;
  static Map<String, Long> ids;

  static Stream<Node> engines() {
    return Node.onEachEngine();
  }

  @BeforeParameterizedClassInvocation
  static void setUp(Node node) {
    server = node.start();
    api = server.api();
    admin = api.signup("Strict Co", "Stan Admin");
    Api.Session stranger = api.signup("Stranger Co", "Stu Stranger");
    long customer = api.call("POST", "api/customers", Map.of("name", "Valid Val"), admin)
        .expect(201).id();
    long note = api.call("POST", "api/notes", Map.of("customerId", customer, "body", "valid"),
        admin).expect(201).id();
    long foreignCustomer = api.call("POST", "api/customers", Map.of("name", "Foreign Fay"),
        stranger).expect(201).id();
    ids = Map.of("customer", customer, "note", note, "employee", admin.employeeId(),
        "foreignEmployee", stranger.employeeId(), "foreignCustomer", foreignCustomer);
  }

  /**
   * One bad request.
   *
   * @param title  what is wrong with it
   * @param method HTTP method
   * @param path   path, with {@code {name}} standing for an id made in {@link #start}
   * @param body   the raw body, sent as application/json unless headers say otherwise; or null
   * @param status the expected 4xx
   * @param field  the field the problem's errors must name, or null
   */
  record Case(String title, String method, String path, String body, int status, String field,
              Map<String, String> headers) {

    @Override
    public String toString() {
      return title;
    }
  }

  static Stream<Case> cases() {
    String customers = "api/customers";
    String customer = "api/customers/{customer}";
    String employees = "api/employees/invitations";
    String notes = "api/notes";
    String notifications = "api/notifications";
    return Stream.of(
        // The body is not a JSON object.
        bad("malformed JSON", "POST", customers, "{\"name\":", 400, null),
        bad("a JSON array instead of an object", "POST", customers, "[{\"name\":\"A\"}]", 400,
            null),
        bad("a bare JSON string", "POST", customers, "\"A\"", 400, null),
        bad("JSON null", "POST", customers, "null", 400, null),
        bad("an empty body", "POST", customers, "", 400, null),
        bad("two JSON objects", "POST", customers, "{\"name\":\"A\"}{\"name\":\"B\"}", 400, null),
        bad("an object followed by garbage", "POST", customers, "{\"name\":\"A\"} trailing", 400,
            null),
        bad("metadata nested 2000 deep", "POST", notes, "{\"customerId\":{customer},\"body\":\"b\","
            + "\"metadata\":" + "{\"a\":".repeat(2000) + "1" + "}".repeat(2001), 400, null),
        // Wrong types.
        bad("a number for name", "POST", customers, "{\"name\":42}", 422, "name"),
        bad("an object for name", "POST", customers, "{\"name\":{\"first\":\"A\"}}", 422, "name"),
        bad("a boolean for phone", "POST", customers, "{\"name\":\"A\",\"phone\":true}", 422,
            "phone"),
        bad("a string for tags", "POST", customers, "{\"name\":\"A\",\"tags\":\"vip\"}", 422,
            "tags"),
        bad("a number among the tags", "POST", customers, "{\"name\":\"A\",\"tags\":[\"a\",1]}",
            422, "tags"),
        bad("a string for assignedEmployeeId", "POST", customers,
            "{\"name\":\"A\",\"assignedEmployeeId\":\"{employee}\"}", 422, "assignedEmployeeId"),
        bad("a float for assignedEmployeeId", "POST", customers,
            "{\"name\":\"A\",\"assignedEmployeeId\":1.5}", 422, "assignedEmployeeId"),
        bad("a negative assignedEmployeeId", "POST", customers,
            "{\"name\":\"A\",\"assignedEmployeeId\":-1}", 422, "assignedEmployeeId"),
        bad("a zero assignedEmployeeId", "POST", customers,
            "{\"name\":\"A\",\"assignedEmployeeId\":0}", 422, "assignedEmployeeId"),
        bad("an assignedEmployeeId beyond 64 bits", "POST", customers,
            "{\"name\":\"A\",\"assignedEmployeeId\":99999999999999999999}", 422,
            "assignedEmployeeId"),
        bad("a string for pinned", "POST", notes,
            "{\"customerId\":{customer},\"body\":\"b\",\"pinned\":\"yes\"}", 422, "pinned"),
        bad("a float customerId", "POST", notes, "{\"customerId\":1.0,\"body\":\"b\"}", 422,
            "customerId"),
        bad("metadata that is a string", "POST", notes,
            "{\"customerId\":{customer},\"body\":\"b\",\"metadata\":\"{}\"}", 422, "metadata"),
        bad("metadata that is an array", "POST", notes,
            "{\"customerId\":{customer},\"body\":\"b\",\"metadata\":[1]}", 422, "metadata"),
        // Missing, blank, too long, malformed values.
        bad("a missing name", "POST", customers, "{\"email\":\"a@b.test\"}", 422, "name"),
        bad("a null name", "POST", customers, "{\"name\":null}", 422, "name"),
        bad("a blank name", "POST", customers, "{\"name\":\"   \"}", 422, "name"),
        bad("a name of 201 characters", "POST", customers,
            "{\"name\":\"" + "x".repeat(201) + "\"}", 422, "name"),
        bad("a NUL character in a name", "POST", customers, "{\"name\":\"A\\u0000B\"}", 422,
            "name"),
        bad("a lone surrogate in a name", "POST", customers, "{\"name\":\"A\\ud800B\"}", 422,
            "name"),
        bad("a lone surrogate in a tag", "POST", customers,
            "{\"name\":\"A\",\"tags\":[\"\\udc00\"]}", 422, "tags"),
        bad("a NUL character in a note", "POST", notes,
            "{\"customerId\":{customer},\"body\":\"\\u0000\"}", 422, "body"),
        bad("a bad e-mail", "POST", customers, "{\"name\":\"A\",\"email\":\"not-an-email\"}", 422,
            "email"),
        bad("51 tags", "POST", customers, "{\"name\":\"A\",\"tags\":[" + tags(51) + "]}", 422,
            "tags"),
        bad("a tag of 51 characters", "POST", customers,
            "{\"name\":\"A\",\"tags\":[\"" + "t".repeat(51) + "\"]}", 422, "tags"),
        bad("a blank tag", "POST", customers, "{\"name\":\"A\",\"tags\":[\" \"]}", 422, "tags"),
        bad("a missing note body", "POST", notes, "{\"customerId\":{customer}}", 422, "body"),
        bad("a missing customerId", "POST", notes, "{\"body\":\"b\"}", 422, "customerId"),
        bad("metadata over 16 KiB", "POST", notes, "{\"customerId\":{customer},\"body\":\"b\","
            + "\"metadata\":{\"big\":\"" + "m".repeat(17_000) + "\"}}", 422, "metadata"),
        bad("an unknown role", "POST", employees, "{\"email\":\"e@x.test\","
            + "\"role\":\"owner\"}", 422, "role"),
        bad("an invitation without e-mail", "POST", employees, "{\"role\":\"agent\"}", 422,
            "email"),
        bad("an invitation with a bad e-mail", "POST", employees, "{\"email\":\"e@\"}", 422,
            "email"),
        bad("a password of 7 characters", "POST", "api/invitations/redeem",
            "{\"token\":\"t\",\"name\":\"E\",\"password\":\"1234567\"}", 422, "password"),
        bad("an unknown notification kind", "POST", notifications,
            "{\"title\":\"T\",\"kind\":\"loud\"}", 422, "kind"),
        // References that do not exist or belong to another company.
        bad("an unknown assignedEmployeeId", "POST", customers,
            "{\"name\":\"A\",\"assignedEmployeeId\":987654}", 422, "assignedEmployeeId"),
        bad("another company's employee as assignee", "POST", customers,
            "{\"name\":\"A\",\"assignedEmployeeId\":{foreignEmployee}}", 422,
            "assignedEmployeeId"),
        bad("another company's employee as new assignee", "PATCH", customer,
            "{\"version\":1,\"assignedEmployeeId\":{foreignEmployee}}", 422,
            "assignedEmployeeId"),
        bad("a note on another company's customer", "POST", notes,
            "{\"customerId\":{foreignCustomer},\"body\":\"b\"}", 422, "customerId"),
        bad("another company's employee as recipient", "POST", notifications,
            "{\"title\":\"T\",\"recipientId\":{foreignEmployee}}", 422, "recipientId"),
        // Updates.
        bad("a version that is a string", "PATCH", customer, "{\"version\":\"1\",\"name\":\"B\"}",
            422, "version"),
        bad("version zero", "PATCH", customer, "{\"version\":0,\"name\":\"B\"}", 422, "version"),
        bad("a version beyond 32 bits", "PATCH", customer,
            "{\"version\":2147483648,\"name\":\"B\"}", 422, "version"),
        bad("a blank name in an update", "PUT", customer, "{\"version\":1,\"name\":\"\"}", 422,
            "name"),
        bad("a null name in an update", "PATCH", customer, "{\"version\":1,\"name\":null}", 422,
            "name"),
        bad("a null note body in an update", "PATCH", "api/notes/{note}",
            "{\"version\":1,\"body\":null}", 422, "body"),
        bad("a null role in an update", "PATCH", "api/employees/{employee}",
            "{\"version\":1,\"role\":null}", 422, "role"),
        bad("a malformed If-Match", "PATCH", customer, "{\"name\":\"B\"}", 400, null,
            Map.of("If-Match", "\"latest\"")),
        // Media types, routes, methods.
        bad("a text/plain body", "POST", customers, "{\"name\":\"A\"}", 415, null,
            Map.of("Content-Type", "text/plain")),
        bad("a form body", "POST", customers, "name=A", 415, null,
            Map.of("Content-Type", "application/x-www-form-urlencoded")),
        bad("an unknown route", "GET", "api/nothing-here", null, 404, null),
        bad("an unknown sub-route", "GET", "api/customers/{customer}/orders", null, 404, null),
        bad("DELETE on a collection", "DELETE", customers, null, 405, null),
        bad("POST on an item", "POST", customer, "{\"name\":\"A\"}", 405, null),
        bad("PUT on notifications", "PUT", "api/notifications/1", "{\"title\":\"T\"}", 405, null),
        // Query parameters.
        bad("limit=0", "GET", customers + "?limit=0", null, 400, null),
        bad("limit=abc", "GET", customers + "?limit=abc", null, 400, null),
        bad("limit=201", "GET", customers + "?limit=201", null, 400, null),
        bad("offset=-1", "GET", customers + "?offset=-1", null, 400, null),
        bad("offset=1.5", "GET", "api/employees?offset=1.5", null, 400, null),
        bad("a search of 201 characters", "GET", "api/notes?q=" + "q".repeat(201), null, 400,
            null),
        bad("a NUL character in a search", "GET", customers + "?q=a%00b", null, 400, null),
        bad("a NUL character in a filter", "GET", "api/activities?entityType=a%00b", null, 400,
            null),
        bad("customerId=abc", "GET", notes + "?customerId=abc", null, 400, null),
        bad("assignedEmployeeId=-5", "GET", customers + "?assignedEmployeeId=-5", null, 400, null),
        // Path ids that cannot exist.
        bad("a non-numeric customer id", "GET", "api/customers/abc", null, 404, null),
        bad("a fractional customer id", "GET", "api/customers/1.5", null, 404, null),
        bad("a negative note id", "GET", "api/notes/-1", null, 404, null),
        bad("an employee id beyond 64 bits", "GET", "api/employees/99999999999999999999", null,
            404, null),
        bad("updating a non-numeric id", "PATCH", "api/customers/abc",
            "{\"version\":1,\"name\":\"B\"}", 404, null),
        bad("deleting a non-numeric id", "DELETE", "api/notes/x1", null, 404, null),
        bad("an X-Company-Id that is not a number", "GET", customers, null, 400, null,
            Map.of("X-Company-Id", "acme")),
        // Signup and login.
        bad("signup without a company name", "POST", "api/auth/signup",
            "{\"name\":\"N\",\"email\":\"n@x.test\",\"password\":\"long enough\"}", 422,
            "companyName"),
        bad("signup with a short password", "POST", "api/auth/signup", "{\"companyName\":\"C\","
            + "\"name\":\"N\",\"email\":\"n@x.test\",\"password\":\"short\"}", 422, "password"),
        bad("login with a malformed body", "POST", "api/auth/login", "{\"email\":", 400, null),
        bad("login with a number for password", "POST", "api/auth/login",
            "{\"email\":\"n@x.test\",\"password\":12345678}", 422, "password"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isAProblemThatChangesNothing(Case bad) {
    String path = fill(bad.path());
    String body = bad.body() == null ? null : fill(bad.body());
    Snapshot before = Snapshot.of(server);

    Api.Res res = api.call(bad.method(), path, body, admin, bad.headers());

    JsonNode problem = res.problem(bad.status());
    if (bad.field() != null) {
      assertThat(problem.get("errors")).as(res.body()).isNotEmpty();
      problem.get("errors").forEach(error -> assertThat(error.get("message").asText())
          .isNotBlank());
      assertThat(problem.get("errors")).extracting(error -> error.get("field").asText())
          .as(res.body()).contains(bad.field());
    }
    assertThat(Snapshot.of(server)).isEqualTo(before);
  }

  @Test
  void aBodyWithoutContentTypeIs415() {
    Snapshot before = Snapshot.of(server);
    api.send(api.request("api/customers").header("Authorization", "Bearer " + admin.token())
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"A\"}")).build()).problem(415);
    assertThat(Snapshot.of(server)).isEqualTo(before);
  }

  @Test
  void aBodyThatIsNotUtf8Is400() {
    Snapshot before = Snapshot.of(server);
    byte[] latin1 = "{\"name\":\"Jos\u00e9\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    api.send(api.request("api/customers").header("Authorization", "Bearer " + admin.token())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(latin1)).build()).problem(400);
    assertThat(Snapshot.of(server)).isEqualTo(before);
  }

  @Test
  void signingUpWithAnAddressAlreadyTakenIsAConflict() {
    Snapshot before = Snapshot.of(server);
    api.call("POST", "api/auth/signup", Map.of("companyName", "Copycat", "name", "C",
        "email", admin.email().toUpperCase(Locale.ROOT), "password", Api.PASSWORD), null).problem(409);
    assertThat(Snapshot.of(server)).isEqualTo(before);
  }

  @Test
  void aValidRequestAfterAllThisStillWorks() {
    api.call("POST", "api/customers", Map.of("name", "Still Fine"), admin).expect(201);
  }

  private static Case bad(String title, String method, String path, String body, int status,
                          String field) {
    return bad(title, method, path, body, status, field, Map.of());
  }

  private static Case bad(String title, String method, String path, String body, int status,
                          String field, Map<String, String> headers) {
    return new Case(title, method, path, body, status, field, headers);
  }

  private static String tags(int n) {
    StringBuilder tags = new StringBuilder();
    for (int i = 0; i < n; i++) {
      tags.append(i == 0 ? "" : ",").append("\"t").append(i).append('"');
    }
    return tags.toString();
  }

  private static String fill(String template) {
    String filled = template;
    for (var id : ids.entrySet()) {
      filled = filled.replace("{" + id.getKey() + "}", Long.toString(id.getValue()));
    }
    return filled;
  }
}

package dev.chatmesh.server.api;

import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.Snapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing crosses between companies: naming a company you do not belong to is 403, and an id
 * of another company's record is 404 with none of its data, for every resource and method.
 */
class TenancyTest {

  /** Appears in every record of company B, so any leak of B's data shows in a body. */
  static final String SECRET = "Bsecret";

  @RegisterExtension
  static final Node server = Node.sqlite();
  static final Api api = server.api();
  static Api.Session ours;
  static Api.Session theirs;
  static Map<String, Long> their = new HashMap<>();

  @BeforeAll
  static void setUp() {
    ours = api.signup("Company A", "Alice A");
    theirs = api.signup("Company B " + SECRET, "Bob " + SECRET);
    Api.Session theirAgent = api.invite(theirs, "Bea " + SECRET, "agent");
    long customer = api.call("POST", "api/customers", Map.of("name", "Carl " + SECRET,
        "email", SECRET.toLowerCase(Locale.ROOT) + "@b.test", "assignedEmployeeId", theirAgent.employeeId()),
        theirs).expect(201).id();
    their.put("employee", theirAgent.employeeId());
    their.put("invitation", api.call("POST", "api/employees/invitations", Map.of("email",
        Api.email("pending"), "title", "Title " + SECRET), theirs).expect(201).json()
        .get("invitation").get("id").asLong());
    their.put("customer", customer);
    their.put("note", api.call("POST", "api/notes", Map.of("customerId", customer,
        "body", "Note " + SECRET, "metadata", Map.of("secret", SECRET)), theirs).expect(201).id());
    their.put("notification", api.call("POST", "api/notifications", Map.of("title",
        "Notice " + SECRET), theirs).expect(201).id());
    their.put("activity", api.call("GET", "api/activities?limit=1", null, theirs).json()
        .get("items").get(0).get("id").asLong());
    their.put("apiKey", api.call("POST", "api/api-keys", Map.of("name", "Key " + SECRET), theirs)
        .expect(201).id());
    // Company A has records of every kind too, with ids that differ from B's.
    long ourCustomer = api.call("POST", "api/customers", Map.of("name", "Our Olive"), ours)
        .expect(201).id();
    api.call("POST", "api/notes", Map.of("customerId", ourCustomer, "body", "ours"), ours)
        .expect(201);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', textBlock = """
      GET    | api/employees
      GET    | api/employees/invitations
      POST   | api/employees/invitations
      DELETE | api/employees/invitations/{invitation}
      GET    | api/employees/{employee}
      PATCH  | api/employees/{employee}
      PUT    | api/employees/{employee}
      DELETE | api/employees/{employee}
      GET    | api/customers
      POST   | api/customers
      GET    | api/customers/{customer}
      PATCH  | api/customers/{customer}
      PUT    | api/customers/{customer}
      DELETE | api/customers/{customer}
      GET    | api/notes
      POST   | api/notes
      GET    | api/notes/{note}
      PATCH  | api/notes/{note}
      DELETE | api/notes/{note}
      GET    | api/activities
      GET    | api/activities/{activity}
      GET    | api/notifications
      POST   | api/notifications
      GET    | api/notifications/{notification}
      DELETE | api/notifications/{notification}
      GET    | api/api-keys
      POST   | api/api-keys
      DELETE | api/api-keys/{apiKey}
      GET    | api/events?after=0
      GET    | api/events/stats
      """)
  void namingAnotherCompanyIsForbiddenOnEveryRoute(String method, String path) {
    Snapshot before = Snapshot.of(server);
    Map<String, String> company = Map.of("X-Company-Id", Long.toString(theirs.companyId()));
    Api.Res res = api.call(method, fill(path), body(method, path), ours, company);
    res.problem(403);
    assertThat(res.body()).doesNotContain(SECRET);
    assertThat(Snapshot.of(server)).isEqualTo(before);
  }

  @Test
  void namingAnotherCompanyInTheQueryIsForbiddenToo() {
    Api.Res res = api.send(api.request("api/customers?company=" + theirs.companyId())
        .header("Authorization", "Bearer " + ours.token()).GET().build());
    res.problem(403);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', textBlock = """
      GET    | api/employees/{employee}
      PATCH  | api/employees/{employee}
      PUT    | api/employees/{employee}
      DELETE | api/employees/{employee}
      DELETE | api/employees/invitations/{invitation}
      GET    | api/customers/{customer}
      PATCH  | api/customers/{customer}
      PUT    | api/customers/{customer}
      DELETE | api/customers/{customer}
      GET    | api/notes/{note}
      PATCH  | api/notes/{note}
      PUT    | api/notes/{note}
      DELETE | api/notes/{note}
      GET    | api/activities/{activity}
      GET    | api/notifications/{notification}
      DELETE | api/notifications/{notification}
      DELETE | api/api-keys/{apiKey}
      """)
  void anotherCompanysIdIsNotFoundAndShowsNothingOfIt(String method, String path) {
    Snapshot before = Snapshot.of(server);
    Api.Res res = api.call(method, fill(path), body(method, path), ours);
    res.problem(404);
    assertThat(res.body()).doesNotContain(SECRET);
    assertThat(Snapshot.of(server)).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      api/employees?q=
      api/customers?q=
      api/notes?q=
      api/activities?q=
      api/notifications?q=
      api/customers?assignedEmployeeId={employee}&q=
      api/notes?customerId={customer}&q=
      api/activities?entityId={customer}&q=
      """)
  void listsAndSearchesNeverShowAnotherCompanysRecords(String path) {
    Api.Res all = api.call("GET", fill(path), null, ours).expect(200);
    assertThat(all.body()).doesNotContain(SECRET);
    Api.Res search = api.call("GET", fill(path) + SECRET, null, ours).expect(200);
    assertThat(search.json().get("total").asLong()).isZero();
    assertThat(search.json().get("items")).isEmpty();
  }

  @Test
  void aCompanyIdInTheBodyCannotPlaceARecordInAnotherCompany() {
    long id = api.call("POST", "api/customers", Map.of("name", "Placed", "companyId",
        theirs.companyId()), ours).expect(201).id();
    api.call("GET", "api/customers/" + id, null, ours).expect(200);
    api.call("GET", "api/customers/" + id, null, theirs).problem(404);
  }

  @Test
  void theEventFeedNeverCarriesAnotherCompanysEvents() {
    Api.Res events = api.call("GET", "api/events?after=0&limit=1000", null, ours).expect(200);
    assertThat(events.json().get("events")).isNotEmpty();
    assertThat(events.body()).doesNotContain(SECRET);
  }

  @Test
  void theInvitationListShowsOnlyTheCompanysOwnInvitations() {
    assertThat(api.call("GET", "api/employees/invitations", null, ours).expect(200).json()
        .get("items")).isEmpty();
  }

  @Test
  void theApiKeyListShowsOnlyTheCompanysOwnKeys() {
    assertThat(api.call("GET", "api/api-keys", null, ours).expect(200).body())
        .doesNotContain(SECRET);
  }

  private static String fill(String template) {
    String filled = template;
    for (var id : their.entrySet()) {
      filled = filled.replace("{" + id.getKey() + "}", Long.toString(id.getValue()));
    }
    return filled;
  }

  /** A body that would be valid if the target were the caller's own. */
  private static Map<String, Object> body(String method, String path) {
    if (method.equals("GET") || method.equals("DELETE")) {
      return null;
    }
    Map<String, Object> body = new HashMap<>(Map.of("version", 1));
    if (path.startsWith("api/employees")) {
      body.put("name", "Mallory");
      body.put("email", Api.email("mallory"));
      body.put("password", Api.PASSWORD);
    } else if (path.startsWith("api/customers")) {
      body.put("name", "Mallory");
    } else if (path.startsWith("api/notes")) {
      body.put("body", "overwritten");
      body.put("customerId", their.get("customer"));
    } else {
      body.put("title", "Mallory");
      body.put("name", "Mallory");
    }
    return body;
  }
}

package dev.chatmesh.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.Snapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Optimistic concurrency on every updatable resource: an update names the version it is based
 * on (in the body or as If-Match); a stale one is 409, a missing one 428, and neither changes
 * anything.
 */
class VersionsTest {

  @RegisterExtension
  static final Node server = Node.sqlite();
  static final Api api = server.api();
  static Api.Session admin;
  static Map<String, String> paths;

  @BeforeAll
  static void setUp() {
    admin = api.signup("Versions Co", "Vera Admin");
    Api.Session agent = api.invite(admin, "Vic Agent", "agent");
    long customer = api.call("POST", "api/customers", Map.of("name", "Versioned"), admin)
        .expect(201).id();
    long note = api.call("POST", "api/notes", Map.of("customerId", customer, "body", "v"), admin)
        .expect(201).id();
    paths = Map.of("customers", "api/customers/" + customer, "notes", "api/notes/" + note,
        "employees", "api/employees/" + agent.employeeId());
  }

  @ParameterizedTest
  @ValueSource(strings = {"customers", "notes", "employees"})
  void aStaleVersionIsAConflictAndChangesNothing(String resource) {
    String path = paths.get(resource);
    int version = version(path);
    // Two people read the same version; the first to save wins.
    api.call("PATCH", path, change(resource, version, "first"), admin).expect(200);
    Snapshot before = Snapshot.of(server);
    JsonNode problem = api.call("PATCH", path, change(resource, version, "second"), admin)
        .problem(409);
    assertThat(problem.get("detail").asText()).contains("version " + (version + 1));
    assertThat(Snapshot.of(server)).isEqualTo(before);
    assertThat(api.call("GET", path, null, admin).body()).contains("first")
        .doesNotContain("second");
  }

  @ParameterizedTest
  @ValueSource(strings = {"customers", "notes", "employees"})
  void aVersionFromTheFutureIsAConflictToo(String resource) {
    String path = paths.get(resource);
    Snapshot before = Snapshot.of(server);
    api.call("PUT", path, change(resource, version(path) + 1, "future"), admin).problem(409);
    assertThat(Snapshot.of(server)).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"customers", "notes", "employees"})
  void anUpdateWithoutAVersionIsRefusedWith428(String resource) {
    String path = paths.get(resource);
    Map<String, Object> body = new HashMap<>(change(resource, 1, "unversioned"));
    body.remove("version");
    Snapshot before = Snapshot.of(server);
    api.call("PATCH", path, body, admin).problem(428);
    assertThat(Snapshot.of(server)).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"customers", "notes", "employees"})
  void ifMatchCarriesTheVersionInPlainQuotedOrWeakForm(String resource) {
    String path = paths.get(resource);
    for (String form : new String[] {"%d", "\"%d\"", "W/\"%d\""}) {
      int version = version(path);
      Map<String, Object> body = new HashMap<>(change(resource, version, form));
      body.remove("version");
      JsonNode updated = api.call("PATCH", path, body, admin,
          Map.of("If-Match", form.formatted(version))).expect(200).json();
      assertThat(updated.get("version").asInt()).isEqualTo(version + 1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"customers", "notes", "employees"})
  void aStaleIfMatchIsAConflict(String resource) {
    String path = paths.get(resource);
    int read = version(path);
    api.call("PATCH", path, change(resource, read, "meanwhile"), admin).expect(200);
    Map<String, Object> body = new HashMap<>(change(resource, read, "stale"));
    body.remove("version");
    Snapshot before = Snapshot.of(server);
    api.call("PATCH", path, body, admin, Map.of("If-Match", "\"" + read + "\"")).problem(409);
    assertThat(Snapshot.of(server)).isEqualTo(before);
  }

  private static int version(String path) {
    return api.call("GET", path, null, admin).expect(200).json().get("version").asInt();
  }

  private static Map<String, Object> change(String resource, int version, String text) {
    return switch (resource) {
      case "notes" -> Map.of("version", version, "body", "note " + text);
      case "employees" -> Map.of("version", version, "title", "title " + text);
      default -> Map.of("version", version, "name", "name " + text);
    };
  }
}

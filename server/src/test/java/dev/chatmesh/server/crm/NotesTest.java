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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NotesTest {

  @RegisterExtension
  static final Node server = Node.sqlite();
  static final Api api = server.api();
  static Api.Session admin;
  static Api.Session author;
  static Api.Session colleague;
  static long customer;

  @BeforeAll
  static void setUp() {
    admin = api.signup("Notes Co", "Nora Admin");
    author = api.invite(admin, "Arthur Author", "agent");
    colleague = api.invite(admin, "Colin Colleague", "agent");
    customer = api.call("POST", "api/customers", Map.of("name", "Noted Customer"), admin)
        .expect(201).id();
  }

  @Test
  void aNoteEmbedsItsAuthorAndKeepsItsMetadataAsJson() {
    JsonNode metadata = Json.read("{\"source\":\"call\",\"durationSeconds\":125,\"ratio\":0.5,"
        + "\"flags\":[true,null,\"x\"],\"nested\":{\"deep\":{\"ok\":true}},\"text\":\"Đà Nẵng ✓\"}");
    JsonNode note = api.call("POST", "api/notes", Map.of("customerId", customer,
        "body", "Called about the invoice", "pinned", true, "metadata", metadata), author)
        .expect(201).json();
    assertThat(note.get("customerId").asLong()).isEqualTo(customer);
    assertThat(note.get("authorId").asLong()).isEqualTo(author.employeeId());
    assertThat(note.get("author")).isEqualTo(api.call("GET", "api/employees/"
        + author.employeeId(), null, author).json());
    assertThat(note.get("metadata")).isEqualTo(metadata);
    assertThat(note.get("pinned").asBoolean()).isTrue();
    assertThat(note.get("version").asInt()).isEqualTo(1);
    assertThat(api.call("GET", "api/notes/" + note.get("id").asLong(), null, colleague)
        .expect(200).json()).isEqualTo(note);
  }

  @Test
  void withoutMetadataANoteHasAnEmptyObject() {
    JsonNode note = api.call("POST", "api/notes", Map.of("customerId", customer, "body", "plain"),
        author).expect(201).json();
    assertThat(note.get("metadata").isObject()).isTrue();
    assertThat(note.get("metadata")).isEmpty();
    assertThat(note.get("pinned").asBoolean()).isFalse();
  }

  @Test
  void theAuthorUpdatesAndDeletesTheirNote() {
    long id = api.call("POST", "api/notes", Map.of("customerId", customer, "body", "draft",
        "metadata", Map.of("a", 1)), author).expect(201).id();
    JsonNode edited = api.call("PATCH", "api/notes/" + id, Map.of("version", 1,
        "body", "final"), author).expect(200).json();
    assertThat(edited.get("body").asText()).isEqualTo("final");
    assertThat(edited.get("metadata").get("a").asInt()).as("absent metadata is kept").isEqualTo(1);
    assertThat(edited.get("version").asInt()).isEqualTo(2);

    Map<String, Object> clear = new HashMap<>();
    clear.put("version", 2);
    clear.put("metadata", null);
    clear.put("pinned", true);
    JsonNode cleared = api.call("PUT", "api/notes/" + id, clear, author).expect(200).json();
    assertThat(cleared.get("metadata")).isEmpty();
    assertThat(cleared.get("pinned").asBoolean()).isTrue();
    assertThat(cleared.get("body").asText()).isEqualTo("final");

    api.call("DELETE", "api/notes/" + id, null, author).expect(204);
    api.call("GET", "api/notes/" + id, null, author).problem(404);
  }

  @Test
  void anAgentWhoDidNotWriteANoteCanNeitherEditNorDeleteIt() {
    long id = api.call("POST", "api/notes", Map.of("customerId", customer, "body", "mine"),
        author).expect(201).id();
    Snapshot before = Snapshot.of(server);
    api.call("PATCH", "api/notes/" + id, Map.of("version", 1, "body", "hijacked"), colleague)
        .problem(403);
    api.call("DELETE", "api/notes/" + id, null, colleague).problem(403);
    assertThat(Snapshot.of(server)).isEqualTo(before);
    assertThat(api.call("GET", "api/notes/" + id, null, colleague).json().get("body").asText())
        .isEqualTo("mine");
  }

  @Test
  void anAdminMayEditAndDeleteAnyNote() {
    long id = api.call("POST", "api/notes", Map.of("customerId", customer, "body", "agent's"),
        author).expect(201).id();
    JsonNode moderated = api.call("PATCH", "api/notes/" + id, Map.of("version", 1,
        "body", "moderated"), admin).expect(200).json();
    assertThat(moderated.get("authorId").asLong()).as("the author stays the author")
        .isEqualTo(author.employeeId());
    api.call("DELETE", "api/notes/" + id, null, admin).expect(204);
  }

  @Test
  void notesAreListedPerCustomerPinnedFirstThenNewestAndSearchableByBody() {
    long other = api.call("POST", "api/customers", Map.of("name", "Listed Customer"), admin)
        .expect(201).id();
    long first = note(other, "first words", false);
    long pinned = note(other, "pinned words", true);
    long last = note(other, "last WORDS", false);
    note(customer, "words elsewhere", false);

    JsonNode list = api.call("GET", "api/notes?customerId=" + other, null, colleague)
        .expect(200).json();
    assertThat(list.get("total").asLong()).isEqualTo(3);
    assertThat(ids(list)).containsExactly(pinned, last, first);

    JsonNode page = api.call("GET", "api/notes?customerId=" + other + "&limit=1&offset=1", null,
        colleague).json();
    assertThat(ids(page)).containsExactly(last);
    assertThat(page.get("total").asLong()).isEqualTo(3);

    JsonNode found = api.call("GET", "api/notes?customerId=" + other + "&q=words", null,
        colleague).json();
    assertThat(found.get("total").asLong()).isEqualTo(3);
    JsonNode lastOnly = api.call("GET", "api/notes?q=last%20words", null, colleague).json();
    assertThat(ids(lastOnly)).containsExactly(last);
  }

  @Test
  void deletingACustomerDeletesItsNotes() {
    long doomed = api.call("POST", "api/customers", Map.of("name", "Doomed"), admin)
        .expect(201).id();
    long id = note(doomed, "goes with it", false);
    api.call("DELETE", "api/customers/" + doomed, null, admin).expect(204);
    api.call("GET", "api/notes/" + id, null, admin).problem(404);
  }

  private static long note(long customerId, String body, boolean pinned) {
    return api.call("POST", "api/notes", Map.of("customerId", customerId, "body", body,
        "pinned", pinned), author).expect(201).id();
  }

  private static List<Long> ids(JsonNode list) {
    List<Long> ids = new ArrayList<>();
    list.get("items").forEach(item -> ids.add(item.get("id").asLong()));
    return ids;
  }
}

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

import static org.assertj.core.api.Assertions.assertThat;

class NotificationsTest {

  @RegisterExtension
  static final Node server = Node.sqlite();
  static final Api api = server.api();
  static Api.Session admin;
  static Api.Session recipient;
  static Api.Session bystander;

  @BeforeAll
  static void setUp() {
    admin = api.signup("Notify Co", "Nell Admin");
    recipient = api.invite(admin, "Rita Recipient", "agent");
    bystander = api.invite(admin, "Ben Bystander", "agent");
  }

  @Test
  void aNotificationForEveryoneIsSeenByEveryMember() {
    JsonNode sent = api.call("POST", "api/notifications", Map.of("title", "All hands at 3",
        "message", "In the big room", "kind", "urgent", "actionUrl", "/calendar",
        "groupKey", "meetings"), recipient).expect(201).json();
    assertThat(sent.get("recipientId").isNull()).isTrue();
    assertThat(sent.get("kind").asText()).isEqualTo("urgent");
    long id = sent.get("id").asLong();
    for (Api.Session member : List.of(admin, recipient, bystander)) {
      assertThat(api.call("GET", "api/notifications/" + id, null, member).expect(200).json())
          .isEqualTo(sent);
      assertThat(ids(api.call("GET", "api/notifications?limit=200", null, member).json()))
          .contains(id);
    }
  }

  @Test
  void aTargetedNotificationIsInvisibleToEveryoneButItsRecipient() {
    JsonNode sent = api.call("POST", "api/notifications", Map.of("title", "Your review",
        "recipientId", recipient.employeeId()), admin).expect(201).json();
    assertThat(sent.get("kind").asText()).isEqualTo("info");
    long id = sent.get("id").asLong();

    assertThat(api.call("GET", "api/notifications/" + id, null, recipient).expect(200).json())
        .isEqualTo(sent);
    assertThat(ids(api.call("GET", "api/notifications?limit=200", null, recipient).json()))
        .contains(id);

    for (Api.Session other : List.of(bystander, admin)) {
      JsonNode problem = api.call("GET", "api/notifications/" + id, null, other).problem(404);
      assertThat(problem.toString()).doesNotContain("Your review");
      JsonNode list = api.call("GET", "api/notifications?q=review", null, other).json();
      assertThat(ids(list)).doesNotContain(id);
      assertThat(list.get("total").asLong()).isEqualTo(list.get("items").size());
      api.call("DELETE", "api/notifications/" + id, null, other).problem(404);
    }
  }

  @Test
  void theRecipientDismissesTheirNotification() {
    long id = api.call("POST", "api/notifications", Map.of("title", "Dismiss me",
        "recipientId", recipient.employeeId()), bystander).expect(201).id();
    api.call("DELETE", "api/notifications/" + id, null, recipient).expect(204);
    api.call("GET", "api/notifications/" + id, null, recipient).problem(404);
  }

  @Test
  void onlyAnAdminRemovesANotificationSentToEveryone() {
    long id = api.call("POST", "api/notifications", Map.of("title", "Company wide"), bystander)
        .expect(201).id();
    Snapshot before = Snapshot.of(server);
    api.call("DELETE", "api/notifications/" + id, null, bystander).problem(403);
    assertThat(Snapshot.of(server)).isEqualTo(before);
    api.call("DELETE", "api/notifications/" + id, null, admin).expect(204);
    api.call("GET", "api/notifications/" + id, null, bystander).problem(404);
  }

  @Test
  void aNotificationOnceSentIsNotEdited() {
    long id = api.call("POST", "api/notifications", Map.of("title", "Fixed"), admin).expect(201)
        .id();
    api.call("PUT", "api/notifications/" + id, Map.of("title", "Changed"), admin).problem(405);
    api.call("PATCH", "api/notifications/" + id, Map.of("title", "Changed"), admin).problem(405);
  }

  @Test
  void theListIsPagedNewestFirstAndSearchesTitleAndMessage() {
    long a = api.call("POST", "api/notifications", Map.of("title", "Pageable A"), admin)
        .expect(201).id();
    long b = api.call("POST", "api/notifications", Map.of("title", "Other",
        "message", "pageable B"), admin).expect(201).id();
    long c = api.call("POST", "api/notifications", Map.of("title", "Pageable C",
        "recipientId", bystander.employeeId()), admin).expect(201).id();

    JsonNode mine = api.call("GET", "api/notifications?q=PAGEABLE&limit=2", null, bystander)
        .json();
    assertThat(mine.get("total").asLong()).isEqualTo(3);
    assertThat(ids(mine)).containsExactly(c, b);
    assertThat(ids(api.call("GET", "api/notifications?q=pageable&limit=2&offset=2", null,
        bystander).json())).containsExactly(a);
    JsonNode theirs = api.call("GET", "api/notifications?q=pageable", null, recipient).json();
    assertThat(ids(theirs)).containsExactly(b, a);
    assertThat(theirs.get("total").asLong()).isEqualTo(2);
  }

  private static List<Long> ids(JsonNode list) {
    List<Long> ids = new ArrayList<>();
    list.get("items").forEach(item -> ids.add(item.get("id").asLong()));
    return ids;
  }
}

package dev.chatmesh.server.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Facebook;
import dev.chatmesh.server.support.SseTap;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ConversationsTest {

  @RegisterExtension
  static final Node server = Node.sqlite();
  static final Api api = server.api();
  static Api.Session admin;
  static Api.Session agent;
  static Facebook page;

  @BeforeAll
  static void setUp() {
    admin = api.signup("Inbox Co", "Ines Admin");
    agent = api.invite(admin, "Arno Agent", "agent");
    page = Facebook.connect(api, admin, "Inbox Page");
  }

  /** A new customer writes in; answers their conversation as the list shows it. */
  private static JsonNode newThread(String text) {
    String psid = "psid-" + UUID.randomUUID();
    page.message(psid, "mid-" + UUID.randomUUID(), text);
    return api.call("GET", "api/conversations?q=" + encode(text), null, agent).expect(200).json()
        .get("items").get(0);
  }

  private static String encode(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static JsonNode conversation(long id) {
    return api.call("GET", "api/conversations/" + id, null, agent).expect(200).json();
  }

  @Test
  void aCustomersFirstMessageOpensAConversationWithTheCustomerEmbedded() {
    JsonNode thread = newThread("Do you ship to Hanoi?");
    assertThat(thread.get("status").asText()).isEqualTo("open");
    assertThat(thread.get("platform").asText()).isEqualTo("facebook");
    assertThat(thread.get("channelId").asLong()).isEqualTo(page.channelId());
    assertThat(thread.get("unreadCount").asInt()).isEqualTo(1);
    assertThat(thread.get("lastMessagePreview").asText()).isEqualTo("Do you ship to Hanoi?");
    assertThat(thread.get("canReply").asBoolean()).isTrue();
    assertThat(thread.get("assigneeId").isNull()).isTrue();
    assertThat(thread.get("customer").get("id").asLong())
        .isEqualTo(thread.get("customerId").asLong());
    assertThat(conversation(thread.get("id").asLong())).isEqualTo(thread);

    JsonNode messages = api.call("GET", "api/conversations/" + thread.get("id").asLong()
        + "/messages", null, agent).expect(200).json();
    assertThat(messages.get("items")).hasSize(1);
    JsonNode message = messages.get("items").get(0);
    assertThat(message.get("sender").asText()).isEqualTo("customer");
    assertThat(message.get("content").asText()).isEqualTo("Do you ship to Hanoi?");
    assertThat(message.get("authorId").isNull()).isTrue();
    assertThat(message.get("platformMessageId").asText()).startsWith("mid-");
    assertThat(messages.get("hasMore").asBoolean()).isFalse();
  }

  @Test
  void statusAndAssigneeChangeWithTheCurrentVersionAndReachEveryMember() {
    JsonNode thread = newThread("Where is my order?");
    long id = thread.get("id").asLong();
    int version = thread.get("version").asInt();
    try (SseTap stream = SseTap.open(server, admin)) {
      stream.awaitEvent("ready", Duration.ofSeconds(5));
      JsonNode updated = api.call("PATCH", "api/conversations/" + id, Map.of("version", version,
          "status", "pending", "assigneeId", agent.employeeId()), agent).expect(200).json();
      assertThat(updated.get("status").asText()).isEqualTo("pending");
      assertThat(updated.get("assigneeId").asLong()).isEqualTo(agent.employeeId());
      assertThat(updated.get("assignee").get("name").asText()).isEqualTo("Arno Agent");
      assertThat(updated.get("version").asInt()).isEqualTo(version + 1);
      assertThat(stream.awaitEvent("conversation_updated", Duration.ofSeconds(5)).object())
          .isEqualTo(updated);
    }
    api.call("PATCH", "api/conversations/" + id, Map.of("version", version, "status", "closed"),
        agent).problem(409);
    api.call("PATCH", "api/conversations/" + id, Map.of("status", "closed"), agent).problem(428);
    api.call("PATCH", "api/conversations/" + id, Map.of("version", version + 1,
        "status", "archived"), agent).problem(422);
    Api.Session stranger = api.signup("Assign Stranger Co", "Sid Stranger");
    api.call("PATCH", "api/conversations/" + id, Map.of("version", version + 1,
        "assigneeId", stranger.employeeId()), admin).problem(422);
    Map<String, Object> unassign = new HashMap<>();
    unassign.put("version", version + 1);
    unassign.put("assigneeId", null);
    JsonNode unassigned = api.call("PATCH", "api/conversations/" + id, unassign, admin)
        .expect(200).json();
    assertThat(unassigned.get("assigneeId").isNull()).isTrue();
    assertThat(unassigned.get("status").asText()).isEqualTo("pending");
    assertThat(conversation(id)).isEqualTo(unassigned);
  }

  @Test
  void unreadIsSharedByTheTeamAndAnnouncedWhenItChanges() {
    JsonNode thread = newThread("First question");
    long id = thread.get("id").asLong();
    JsonNode customer = thread.get("customer");
    // The same sender writes again: same customer, same conversation, one more unread.
    String sender = senderOf(id);
    try (SseTap stream = SseTap.open(server, admin)) {
      stream.awaitEvent("ready", Duration.ofSeconds(5));
      page.message(sender, "mid-" + UUID.randomUUID(), "Second question");
      JsonNode announced = stream.awaitEvent("conversation_updated", Duration.ofSeconds(5))
          .object();
      assertThat(announced.get("unreadCount").asInt()).isEqualTo(2);
      assertThat(announced.get("customer").get("id")).isEqualTo(customer.get("id"));

      JsonNode read = api.call("POST", "api/conversations/" + id + "/read", null, agent)
          .expect(200).json();
      assertThat(read.get("unreadCount").asInt()).isZero();
      stream.await(frames -> frames.stream().filter(f -> "conversation_updated".equals(f.event()))
          .anyMatch(f -> f.object().get("unreadCount").asInt() == 0), Duration.ofSeconds(5));
    }
    assertThat(api.call("GET", "api/conversations/" + id, null, admin).json()
        .get("unreadCount").asInt()).as("the admin sees the agent's read").isZero();
    int version = conversation(id).get("version").asInt();
    assertThat(api.call("POST", "api/conversations/" + id + "/read", null, admin).expect(200)
        .json().get("version").asInt()).as("reading a read thread changes nothing")
        .isEqualTo(version);
  }

  @Test
  void aCustomerWritingAgainReopensAClosedConversation() {
    JsonNode thread = newThread("Thanks, all good");
    long id = thread.get("id").asLong();
    api.call("PATCH", "api/conversations/" + id, Map.of("version", thread.get("version").asInt(),
        "status", "closed"), agent).expect(200);
    page.message(senderOf(id), "mid-" + UUID.randomUUID(), "Actually, one more thing");
    JsonNode reopened = conversation(id);
    assertThat(reopened.get("status").asText()).isEqualTo("open");
    assertThat(reopened.get("lastMessagePreview").asText()).isEqualTo("Actually, one more thing");
    assertThat(api.call("GET", "api/conversations?customerId=" + thread.get("customerId")
        .asLong(), null, agent).json().get("total").asInt()).isEqualTo(1);
  }

  @Test
  void listsFilterByStatusAssigneeUnreadChannelAndSearchNamesAndMessages() {
    JsonNode mine = newThread("Filter me: blue shoes");
    JsonNode other = newThread("Filter me: red hat");
    long mineId = mine.get("id").asLong();
    api.call("PATCH", "api/conversations/" + mineId, Map.of("version", mine.get("version")
        .asInt(), "assigneeId", agent.employeeId(), "status", "pending"), admin).expect(200);
    api.call("POST", "api/conversations/" + other.get("id").asLong() + "/read", null, admin)
        .expect(200);
    api.call("PATCH", "api/customers/" + other.get("customerId").asLong(), Map.of("version",
        other.get("customer").get("version").asInt(), "name", "Zoë Searchable"), admin)
        .expect(200);

    assertThat(ids("assigneeId=" + agent.employeeId())).contains(mineId)
        .doesNotContain(other.get("id").asLong());
    assertThat(ids("status=pending")).contains(mineId);
    assertThat(ids("status=open")).doesNotContain(mineId);
    assertThat(ids("unassigned=true")).doesNotContain(mineId).contains(other.get("id").asLong());
    assertThat(ids("unread=true")).contains(mineId).doesNotContain(other.get("id").asLong());
    assertThat(ids("channelId=" + page.channelId())).contains(mineId, other.get("id").asLong());
    assertThat(ids("q=blue%20SHOES")).containsExactly(mineId);
    assertThat(ids("q=zo%C3%AB")).containsExactly(other.get("id").asLong());
    api.call("GET", "api/conversations?status=archived", null, agent).problem(400);
    api.call("GET", "api/conversations?unread=maybe", null, agent).problem(400);
    api.call("GET", "api/conversations?assigneeId=x", null, agent).problem(400);
  }

  @Test
  void theNewestActivityComesFirst() {
    JsonNode older = newThread("Order check one");
    newThread("Order check two");
    page.message(senderOf(older.get("id").asLong()), "mid-" + UUID.randomUUID(), "Order check three");
    assertThat(ids("q=order%20check").getFirst()).isEqualTo(older.get("id").asLong());
  }

  @Test
  void anAgentsReplyIsStoredPendingAndAnnounced() {
    JsonNode thread = newThread("Can I pay on delivery?");
    long id = thread.get("id").asLong();
    try (SseTap stream = SseTap.open(server, admin)) {
      stream.awaitEvent("ready", Duration.ofSeconds(5));
      JsonNode reply = api.call("POST", "api/conversations/" + id + "/messages",
          Map.of("content", "Yes, cash on delivery works."), agent).expect(201).json();
      assertThat(reply.get("sender").asText()).isEqualTo("agent");
      assertThat(reply.get("authorId").asLong()).isEqualTo(agent.employeeId());
      assertThat(reply.get("author").get("name").asText()).isEqualTo("Arno Agent");
      assertThat(reply.get("deliveryStatus").asText()).isEqualTo("pending");
      assertThat(reply.get("conversationId").asLong()).isEqualTo(id);
      assertThat(stream.awaitEvent("message_sent", Duration.ofSeconds(5)).object().get("id"))
          .isEqualTo(reply.get("id"));
      JsonNode updated = stream.awaitEvent("conversation_updated", Duration.ofSeconds(5)).object();
      assertThat(updated.get("lastMessagePreview").asText())
          .isEqualTo("Yes, cash on delivery works.");
      assertThat(updated.get("unreadCount").asInt()).as("a reply is not unread").isEqualTo(1);
    }
    JsonNode messages = api.call("GET", "api/conversations/" + id + "/messages", null, admin)
        .json().get("items");
    assertThat(messages).extracting(m -> m.get("sender").asText())
        .containsExactly("agent", "customer");

    api.call("POST", "api/conversations/" + id + "/messages", Map.of("content", "  "), agent)
        .problem(422);
    api.call("POST", "api/conversations/" + id + "/messages", Map.of("content", "x".repeat(2001)),
        agent).problem(422);
    api.call("POST", "api/conversations/" + id + "/messages", Map.of(), agent).problem(422);
    api.call("POST", "api/conversations/999999/messages", Map.of("content", "hi"), agent)
        .problem(404);
  }

  @Test
  void aThreadIsReadInPagesNewestFirst() {
    JsonNode thread = newThread("Page 0");
    long id = thread.get("id").asLong();
    String sender = senderOf(id);
    for (int i = 1; i <= 4; i++) {
      page.message(sender, "mid-" + UUID.randomUUID(), "Page " + i);
    }
    JsonNode first = api.call("GET", "api/conversations/" + id + "/messages?limit=2", null, agent)
        .expect(200).json();
    assertThat(first.get("items")).extracting(m -> m.get("content").asText())
        .containsExactly("Page 4", "Page 3");
    assertThat(first.get("hasMore").asBoolean()).isTrue();
    long before = first.get("items").get(1).get("id").asLong();
    JsonNode second = api.call("GET", "api/conversations/" + id + "/messages?limit=2&before="
        + before, null, agent).json();
    assertThat(second.get("items")).extracting(m -> m.get("content").asText())
        .containsExactly("Page 2", "Page 1");
    JsonNode last = api.call("GET", "api/conversations/" + id + "/messages?limit=2&before="
        + second.get("items").get(1).get("id").asLong(), null, agent).json();
    assertThat(last.get("items")).extracting(m -> m.get("content").asText())
        .containsExactly("Page 0");
    assertThat(last.get("hasMore").asBoolean()).isFalse();
    api.call("GET", "api/conversations/" + id + "/messages?before=abc", null, agent).problem(400);
  }

  @Test
  void aChannelWithoutATokenOrRemovedTakesNoReplies() {
    Facebook quiet = Facebook.connect(api, admin, "Quiet Page");
    quiet.message("psid-quiet", "mid-" + UUID.randomUUID(), "Hello quiet page");
    JsonNode thread = api.call("GET", "api/conversations?channelId=" + quiet.channelId(), null,
        agent).json().get("items").get(0);
    long id = thread.get("id").asLong();
    Map<String, Object> noToken = new HashMap<>();
    noToken.put("version", 1);
    noToken.put("accessToken", null);
    api.call("PATCH", "api/channels/" + quiet.channelId(), noToken, admin).expect(200);
    assertThat(conversation(id).get("canReply").asBoolean()).isFalse();
    api.call("POST", "api/conversations/" + id + "/messages", Map.of("content", "hi"), agent)
        .problem(409);

    api.call("DELETE", "api/channels/" + quiet.channelId(), null, admin).expect(204);
    assertThat(conversation(id).get("canReply").asBoolean()).isFalse();
    assertThat(api.call("GET", "api/conversations/" + id + "/messages", null, agent).json()
        .get("items")).as("the history stays readable").hasSize(1);
  }

  @Test
  void anotherCompanyCanNeitherSeeNorTouchAConversation() {
    JsonNode thread = newThread("Private matter");
    long id = thread.get("id").asLong();
    Api.Session stranger = api.signup("Nosy Co", "Nora Nosy");
    try (SseTap stream = SseTap.open(server, stranger)) {
      stream.awaitEvent("ready", Duration.ofSeconds(5));
      api.call("GET", "api/conversations/" + id, null, stranger).problem(404);
      api.call("GET", "api/conversations/" + id + "/messages", null, stranger).problem(404);
      api.call("POST", "api/conversations/" + id + "/messages", Map.of("content", "hi"),
          stranger).problem(404);
      api.call("PATCH", "api/conversations/" + id, Map.of("version", 1, "status", "closed"),
          stranger).problem(404);
      api.call("POST", "api/conversations/" + id + "/read", null, stranger).problem(404);
      assertThat(api.call("GET", "api/conversations", null, stranger).json().get("total")
          .asInt()).isZero();
      page.message(senderOf(id), "mid-" + UUID.randomUUID(), "Still private");
      api.call("POST", "api/customers", Map.of("name", "Marker"), stranger).expect(201);
      stream.awaitEvent("customer_created", Duration.ofSeconds(5));
      assertThat(stream.events()).extracting(SseTap.Frame::event)
          .doesNotContain("message_received", "conversation_updated");
    }
    assertThat(conversation(id).get("status").asText()).isEqualTo("open");
  }

  private static List<Long> ids(String query) {
    List<Long> ids = new java.util.ArrayList<>();
    api.call("GET", "api/conversations?limit=200&" + query, null, agent).expect(200).json()
        .get("items").forEach(c -> ids.add(c.get("id").asLong()));
    return ids;
  }

  /** The platform user id behind conversation {@code id}. */
  private static String senderOf(long id) {
    return server.database().read(handle -> handle.createQuery(
            "SELECT platform_user_id FROM conversations WHERE id = :id").bind("id", id)
        .mapTo(String.class).one());
  }
}

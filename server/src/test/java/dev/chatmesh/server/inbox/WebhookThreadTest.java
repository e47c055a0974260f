package dev.chatmesh.server.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.SseTap;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What deliveries do to threads over time: batches in order, replays and echoes stored once,
 * replies made outside ChatMesh, receipts moving statuses, closed threads reopening.
 */
class WebhookThreadTest {

  static final String PAGE = "2233445566";
  static final String SECRET = "thread-secret";

  @RegisterExtension
  static final Node server = Node.sqlite();
  static final Api api = server.api();
  static Hooks hooks;
  static Api.Session admin;
  static long facebook;
  static long tiktok;

  @BeforeAll
  static void setUp() {
    hooks = new Hooks(server);
    admin = api.signup("Thread Co", "Thea Admin");
    facebook = hooks.channel(admin, "facebook", PAGE, SECRET);
    tiktok = hooks.channel(admin, "tiktok", "biz-thread", SECRET);
  }

  @Test
  void aFacebookBatchOfTwoEntriesWithTwoItemsEachIsStoredInOrderInOneChange() {
    try (SseTap tap = open()) {
      long t = 1_767_300_000_000L;
      String body = Hooks.fb(
          Hooks.fbEntry(PAGE, Hooks.fbMessage(PAGE, "100001", "m_b1", "one", t),
              Hooks.fbMessage(PAGE, "100002", "m_b2", "two", t + 1)),
          Hooks.fbEntry(PAGE, Hooks.fbMessage(PAGE, "100001", "m_b3", "three", t + 2),
              Hooks.fbMessage(PAGE, "100002", "m_b4", "four", t + 3)));
      assertThat(hooks.facebook(facebook, SECRET, body).expect(200).json().get("stored")
          .asInt()).isEqualTo(4);
      List<JsonNode> received = awaitMessages(tap, "message_received", 4);
      assertThat(received).extracting(m -> m.get("content").asText())
          .containsExactly("one", "two", "three", "four");
      assertThat(received.get(0).get("conversationId")).isEqualTo(received.get(2)
          .get("conversationId"));
      assertThat(received.get(1).get("conversationId")).isEqualTo(received.get(3)
          .get("conversationId"));
      assertThat(received.get(0).get("conversationId")).isNotEqualTo(received.get(1)
          .get("conversationId"));
      // two new senders: two customers, two conversations, created once each
      assertThat(tap.events().stream().filter(f -> "customer_created".equals(f.event())))
          .hasSize(2);
      assertThat(tap.events().stream().filter(f -> "conversation_created".equals(f.event())))
          .hasSize(2);
      // one transaction: the events' ids are consecutive
      List<Long> ids = tap.events().stream().map(f -> Long.parseLong(f.id())).toList();
      assertThat(ids.getLast() - ids.getFirst() + 1).isEqualTo(ids.size());
    }
  }

  @Test
  void aReplayedDeliveryStoresAndAnnouncesNothingMore() {
    String body = Hooks.fbText(PAGE, "100010", "m_replay", "once", 1_767_300_000_000L);
    hooks.facebook(facebook, SECRET, body).expect(200);
    int messages = hooks.count("messages");
    List<Object> before = hooks.inboxState();
    assertThat(hooks.facebook(facebook, SECRET, body).expect(200).json().get("stored").asInt())
        .isZero();
    assertThat(hooks.inboxState()).isEqualTo(before);
    assertThat(hooks.count("messages")).isEqualTo(messages);
  }

  @Test
  void anEchoOfAMessageChatMeshSentDoesNothing() {
    long conversation = converse("100020", "m_c20");
    // what the delivery worker records once the platform accepted an agent's reply
    insertAgentMessage(conversation, "m_ours", "sent", 1_767_300_000_500L);
    List<Object> before = hooks.inboxState();
    hooks.facebook(facebook, SECRET, Hooks.fb(Hooks.fbEntry(PAGE, Hooks.fbEcho(PAGE, "100020",
        "m_ours", "our reply", 1_767_300_000_600L)))).expect(200);
    assertThat(hooks.inboxState()).isEqualTo(before);
  }

  @Test
  void anEchoOfAReplyMadeOutsideChatMeshIsAnAgentMessageWithoutAnAuthor() {
    long conversation = converse("100030", "m_c30");
    try (SseTap tap = open()) {
      hooks.facebook(facebook, SECRET, Hooks.fb(Hooks.fbEntry(PAGE, Hooks.fbEcho(PAGE, "100030",
          "m_from_phone", "answered on the phone", 1_767_300_001_000L)))).expect(200);
      JsonNode sent = awaitMessages(tap, "message_sent", 1).getFirst();
      assertThat(sent.get("conversationId").asLong()).isEqualTo(conversation);
      assertThat(sent.get("sender").asText()).isEqualTo("agent");
      assertThat(sent.get("authorId").isNull()).isTrue();
      assertThat(sent.get("deliveryStatus").asText()).isEqualTo("sent");
      assertThat(sent.get("platformMessageId").asText()).isEqualTo("m_from_phone");
      JsonNode updated = tap.await(fs -> fs.stream().anyMatch(f -> "conversation_updated"
          .equals(f.event())), Duration.ofSeconds(5)).stream()
          .filter(f -> "conversation_updated".equals(f.event())).findFirst().orElseThrow()
          .object();
      assertThat(updated.get("unreadCount").asInt()).isEqualTo(1);
      assertThat(updated.get("lastMessagePreview").asText()).isEqualTo("answered on the phone");
      assertThat(tap.events().stream().filter(f -> "customer_created".equals(f.event())))
          .isEmpty();
    }
  }

  @Test
  void deliveryAndReadWatermarksMoveSentMessagesAndLeaveFailedOnesAlone() {
    long conversation = converse("100040", "m_c40");
    long early = insertAgentMessage(conversation, "m_a1", "sent", 1_767_300_010_000L);
    long listed = insertAgentMessage(conversation, "m_a2", "sent", 1_767_300_030_000L);
    long late = insertAgentMessage(conversation, "m_a3", "sent", 1_767_300_040_000L);
    long failed = insertAgentMessage(conversation, null, "failed", 1_767_300_005_000L);
    try (SseTap tap = open()) {
      hooks.facebook(facebook, SECRET, Hooks.fb(Hooks.fbEntry(PAGE, Hooks.fbReceipt(PAGE,
          "100040", "delivery", 1_767_300_020_000L, List.of("m_a2"))))).expect(200);
      List<JsonNode> delivered = awaitMessages(tap, "message_updated", 2);
      assertThat(delivered).extracting(m -> m.get("id").asLong()).containsExactly(early, listed);
      assertThat(delivered).allSatisfy(m -> {
        assertThat(m.get("deliveryStatus").asText()).isEqualTo("delivered");
        assertThat(m.get("version").asInt()).isEqualTo(2);
      });
      hooks.facebook(facebook, SECRET, Hooks.fb(Hooks.fbEntry(PAGE, Hooks.fbReceipt(PAGE,
          "100040", "read", 1_767_300_045_000L, List.of())))).expect(200);
      List<JsonNode> all = awaitMessages(tap, "message_updated", 5);
      assertThat(all.subList(2, 5)).extracting(m -> m.get("id").asLong())
          .containsExactly(early, listed, late);
      assertThat(all.subList(2, 5)).allSatisfy(m -> assertThat(m.get("deliveryStatus")
          .asText()).isEqualTo("read"));
      assertThat(status(failed)).isEqualTo("failed");
      assertThat(status(late)).isEqualTo("read");
      // a receipt that covers nothing new changes nothing
      List<Object> before = hooks.inboxState();
      hooks.facebook(facebook, SECRET, Hooks.fb(Hooks.fbEntry(PAGE, Hooks.fbReceipt(PAGE,
          "100040", "read", 1_767_300_045_000L, List.of())))).expect(200);
      assertThat(hooks.inboxState()).isEqualTo(before);
    }
  }

  @Test
  void aCustomersMessageReopensAClosedConversation() {
    long conversation = converse("100050", "m_c50");
    server.database().read(h -> h.createUpdate("UPDATE conversations SET status = "
        + "'closed' WHERE id = :id").bind("id", conversation).execute());
    try (SseTap tap = open()) {
      hooks.facebook(facebook, SECRET, Hooks.fbText(PAGE, "100050", "m_c50_again", "still there?",
          1_767_300_100_000L)).expect(200);
      JsonNode updated = tap.await(fs -> fs.stream().anyMatch(f -> "conversation_updated"
          .equals(f.event())), Duration.ofSeconds(5)).stream()
          .filter(f -> "conversation_updated".equals(f.event())).findFirst().orElseThrow()
          .object();
      assertThat(updated.get("id").asLong()).isEqualTo(conversation);
      assertThat(updated.get("status").asText()).isEqualTo("open");
      assertThat(updated.get("unreadCount").asInt()).isEqualTo(2);
    }
  }

  @Test
  void aTikTokConversationFollowsTheLatestConversationIdOfItsUser() {
    long now = System.currentTimeMillis();
    hooks.tiktok(tiktok, SECRET, Hooks.tiktok("im_receive_msg", "biz-thread", "conv-old",
        "tt-9", "biz-thread", "tt-m1", "first", now)).expect(200);
    hooks.tiktok(tiktok, SECRET, Hooks.tiktok("im_receive_msg", "biz-thread", "conv-new",
        "tt-9", "biz-thread", "tt-m2", "second", now + 1)).expect(200);
    List<Map<String, Object>> rows = server.database().read(h -> h.createQuery(
            "SELECT platform_thread_id FROM conversations WHERE channel_id = :ch")
        .bind("ch", tiktok).mapToMap().list());
    assertThat(rows).extracting(r -> r.get("platform_thread_id")).containsExactly("conv-new");
    // the business side's own send (from the TikTok app) is an echo in the same thread
    hooks.tiktok(tiktok, SECRET, Hooks.tiktok("im_send_msg", "biz-thread", "conv-new",
        "biz-thread", "tt-9", "tt-m3", "reply from the app", now + 2)).expect(200);
    String echo = server.database().read(h -> h.createQuery("SELECT sender || ':' || "
            + "delivery_status FROM messages WHERE platform_message_id = 'tt-m3'")
        .mapTo(String.class).one());
    assertThat(echo).isEqualTo("agent:sent");
    assertThat(hooks.count("conversations WHERE channel_id = " + tiktok)).isEqualTo(1);
  }

  private static SseTap open() {
    SseTap tap = SseTap.open(server, admin);
    tap.awaitEvent("ready", Duration.ofSeconds(5));
    return tap;
  }

  private static List<JsonNode> awaitMessages(SseTap tap, String type, int count) {
    return tap.await(fs -> fs.stream().filter(f -> type.equals(f.event())).count() >= count,
            Duration.ofSeconds(5)).stream().filter(f -> type.equals(f.event()))
        .map(SseTap.Frame::object).toList();
  }

  /** A customer's first message from {@code user}; returns the conversation's id. */
  private static long converse(String user, String mid) {
    hooks.facebook(facebook, SECRET, Hooks.fbText(PAGE, user, mid, "hello",
        1_767_300_000_000L)).expect(200);
    return server.database().read(h -> h.createQuery("SELECT id FROM conversations "
            + "WHERE channel_id = :ch AND platform_user_id = :user").bind("ch", facebook)
        .bind("user", user).mapTo(Long.class).one());
  }

  private static long insertAgentMessage(long conversation, String mid, String status,
                                         long sentAt) {
    return server.database().read(h -> h.createQuery("INSERT INTO messages (company_id, "
            + "conversation_id, channel_id, sender, content, platform_message_id, "
            + "delivery_status, sent_at, created_at, updated_at) VALUES (:company, :cv, :ch, "
            + "'agent', 'reply', :mid, :status, :sent, :sent, :sent) RETURNING id")
        .bind("company", admin.companyId()).bind("cv", conversation).bind("ch", facebook)
        .bind("mid", mid).bind("status", status).bind("sent", sentAt).mapTo(Long.class).one());
  }

  private static String status(long message) {
    return server.database().read(h -> h.createQuery("SELECT delivery_status FROM "
        + "messages WHERE id = :id").bind("id", message).mapTo(String.class).one());
  }
}

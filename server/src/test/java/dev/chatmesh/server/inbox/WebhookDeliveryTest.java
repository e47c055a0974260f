package dev.chatmesh.server.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.json.Json;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.SseTap;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed deliveries from each platform reach the company's streams as customers, conversations
 * and messages, and nothing of them reaches another company.
 */
class WebhookDeliveryTest {

  @RegisterExtension
  static final Node server = Node.sqlite();
  static final Api api = server.api();
  static Hooks hooks;
  static Api.Session admin;
  static Api.Session agent;
  static Api.Session stranger;
  static long facebook;
  static long zalo;
  static long tiktok;

  @BeforeAll
  static void setUp() {
    hooks = new Hooks(server);
    admin = api.signup("Inbox Co", "Ines Admin");
    agent = api.invite(admin, "Arno Agent", "agent");
    stranger = api.signup("Elsewhere Co", "Eli Stranger");
    facebook = hooks.channel(admin, "facebook", "1045678901234567", "fb-app-secret");
    zalo = hooks.channel(admin, "zalo", "4321098765432109876", "zalo-oa-secret");
    tiktok = hooks.channel(admin, "tiktok", "biz-7001", "tiktok-client-secret");
  }

  @Test
  void aFacebookMessageReachesAMembersStreamAsMessageReceivedWithinASecond() {
    long ts = 1_767_225_600_123L;
    arrivesLive(() -> hooks.facebook(facebook, "fb-app-secret", Hooks.fbText("1045678901234567",
            "6543210987654321", "m_fb_first", "Hello from Messenger", ts)),
        "Facebook user 654321", "m_fb_first", "Hello from Messenger", ts, "facebook");
  }

  @Test
  void aZaloMessageReachesAMembersStreamAsMessageReceivedWithinASecond() {
    long ts = 1_767_225_600_456L;
    // without the "mac=" prefix, which some senders omit
    arrivesLive(() -> hooks.zalo(zalo, "zalo-oa-secret", Hooks.zaloText("3141592653",
            "4321098765432109876", "2468013579246801357", "zmsg-1", "Xin chào", ts), "3141592653",
            ts, false),
        "Zalo user 801357", "zmsg-1", "Xin chào", ts, "zalo");
  }

  @Test
  void aTikTokMessageReachesAMembersStreamAsMessageReceivedWithinASecond() {
    long ts = System.currentTimeMillis();
    arrivesLive(() -> hooks.tiktok(tiktok, "tiktok-client-secret", Hooks.tiktok("im_receive_msg",
            "biz-7001", "conv-1", "tt-user-424242", "biz-7001", "tt-msg-1", "hey 👋", ts)),
        "TikTok user 424242", "tt-msg-1", "hey 👋", ts, "tiktok");
  }

  private void arrivesLive(Supplier<Api.Res> delivery, String customerName, String mid,
                           String text, long ts, String platform) {
    try (SseTap tap = SseTap.open(server, agent); SseTap other = SseTap.open(server, stranger)) {
      long head = Long.parseLong(tap.awaitEvent("ready", Duration.ofSeconds(5)).json()
          .get("headId").asText());
      other.awaitEvent("ready", Duration.ofSeconds(5));
      long started = System.nanoTime();
      JsonNode answer = delivery.get().expect(200).json();
      assertThat(answer.get("stored").asInt()).isEqualTo(1);
      Duration left = Duration.ofSeconds(1).minusNanos(System.nanoTime() - started);
      List<SseTap.Frame> frames = tap.await(fs -> fs.stream().anyMatch(f ->
          "message_received".equals(f.event())), left);
      List<SseTap.Frame> mine = frames.stream().filter(f -> f.id() != null
          && Long.parseLong(f.id()) > head).toList();
      List<String> types = mine.stream().map(SseTap.Frame::event).toList();
      assertThat(types).containsSubsequence("customer_created", "conversation_created",
          "message_received");

      JsonNode customer = event(mine, "customer_created");
      assertThat(customer.get("name").asText()).isEqualTo(customerName);
      JsonNode conversation = event(mine, "conversation_created");
      assertThat(conversation.get("status").asText()).isEqualTo("open");
      assertThat(conversation.get("platform").asText()).isEqualTo(platform);
      assertThat(conversation.get("customer").get("id").asLong())
          .isEqualTo(customer.get("id").asLong());
      JsonNode message = event(mine, "message_received");
      assertThat(message.get("conversationId").asLong()).isEqualTo(conversation.get("id")
          .asLong());
      assertThat(message.get("sender").asText()).isEqualTo("customer");
      assertThat(message.get("authorId").isNull()).isTrue();
      assertThat(message.get("content").asText()).isEqualTo(text);
      assertThat(message.get("platformMessageId").asText()).isEqualTo(mid);
      assertThat(message.get("deliveryStatus").isNull()).isTrue();
      assertThat(message.get("sentAt").asText()).isEqualTo(Json.timestamp(ts));
      assertThat(message.get("id").asLong()).isPositive();
      assertThat(message.get("version").asInt()).isEqualTo(1);

      JsonNode updated = tap.await(fs -> fs.stream().anyMatch(f -> "conversation_updated"
          .equals(f.event()) && f.object().get("id").asLong() == conversation.get("id").asLong()),
          Duration.ofSeconds(5)).stream().filter(f -> "conversation_updated".equals(f.event()))
          .reduce((a, b) -> b).orElseThrow().object();
      assertThat(updated.get("unreadCount").asInt()).isEqualTo(1);
      assertThat(updated.get("lastMessagePreview").asText()).isEqualTo(text);

      // The other company hears its own change, and nothing of the delivery before or after it.
      api.call("POST", "api/customers", Map.of("name", "Marker"), stranger).expect(201);
      other.awaitEvents(2, Duration.ofSeconds(5));
      assertThat(other.events()).extracting(SseTap.Frame::event)
          .containsExactly("customer_created", "activity_created");
      assertThat(other.events().getFirst().object().get("name").asText()).isEqualTo("Marker");
      long conversationId = conversation.get("id").asLong();
      assertThat(companyOf("conversations", conversationId)).isEqualTo(admin.companyId());
      assertThat(companyOf("messages", message.get("id").asLong()))
          .isEqualTo(admin.companyId());
    }
  }

  private static JsonNode event(List<SseTap.Frame> frames, String type) {
    return frames.stream().filter(f -> type.equals(f.event())).findFirst().orElseThrow()
        .object();
  }

  private static long companyOf(String table, long id) {
    return server.database().read(h -> h.createQuery("SELECT company_id FROM " + table
        + " WHERE id = :id").bind("id", id).mapTo(Long.class).one());
  }
}

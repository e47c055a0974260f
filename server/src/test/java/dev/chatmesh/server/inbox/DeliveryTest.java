package dev.chatmesh.server.inbox;

import dev.chatmesh.server.support.FakePlatform;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.SseTap;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Agents' replies travel the whole real way on one node: send queue, claim, the platform's
 * send API (the fake platform server), outcome, {@code message_updated} on members' streams.
 */
class DeliveryTest {

  static final Duration WAIT = Duration.ofSeconds(20);
  static final String TOKEN = "page-token-that-must-stay-secret";

  private final FakePlatform fake = new FakePlatform();
  private Node server;

  Node start(Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>(fake.settings());
    settings.put("DELIVERY_RETRY_BASE_MS", "20");
    settings.putAll(extra);
    server = Node.sqlite(settings).start();
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    fake.close();
  }

  @ParameterizedTest
  @EnumSource(Platform.class)
  void aReplyIsSentOnceAndMembersSeeItsTickMoveToSent(Platform platform) {
    start(Map.of());
    Api.Session admin = server.api().signup("Tick Co", "Tess");
    Api.Session agent = server.api().invite(admin, "Ann Agent", "agent");
    Inbox.Thread thread = Inbox.open(server, admin, platform, TOKEN);
    try (SseTap stream = SseTap.open(server, agent)) {
      stream.awaitEvent("ready", WAIT);
      long id = Inbox.reply(server, agent, thread, "Your parcel left the warehouse");
      JsonNode updated = awaitUpdate(stream, id, "sent");
      assertThat(updated.get("platformMessageId").asText())
          .isEqualTo(FakePlatform.id(platform, 1));
      assertThat(updated.get("deliveryError").isNull()).isTrue();
      assertThat(updated.get("version").asInt()).isEqualTo(2);
      assertThat(stream.events()).extracting(SseTap.Frame::event)
          .containsSubsequence("message_sent", "message_updated");
    }
    assertThat(fake.sends("Your parcel left the warehouse")).isEqualTo(1);
    assertThat(Inbox.queued(server)).isZero();
    FakePlatform.Request request = fake.requests().getFirst();
    switch (platform) {
      case FACEBOOK -> {
        assertThat(request.path()).isEqualTo("/facebook/v21.0/acct-facebook/messages");
        assertThat(request.query()).containsEntry("access_token", TOKEN);
        assertThat(request.body().getJsonObject("recipient").getString("id"))
            .isEqualTo(thread.recipient());
      }
      case ZALO -> {
        assertThat(request.headers()).containsEntry("access_token", TOKEN);
        assertThat(request.body().getJsonObject("recipient").getString("user_id"))
            .isEqualTo(thread.recipient());
      }
      case TIKTOK -> {
        assertThat(request.headers()).containsEntry("access-token", TOKEN);
        assertThat(request.body().getString("business_id")).isEqualTo("acct-tiktok");
        assertThat(request.body().getString("recipient")).isEqualTo(thread.recipient());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Platform.class)
  void serverErrorsAreRetriedUntilTheMessageIsSentExactlyOnce(Platform platform) {
    start(Map.of());
    Api.Session admin = server.api().signup("Retry Co", "Rita");
    Inbox.Thread thread = Inbox.open(server, admin, platform, TOKEN);
    fake.script(FakePlatform.Answer.json(500, "{}"), FakePlatform.Answer.json(502, ""));
    long id = Inbox.reply(server, admin, thread, "Sorry for the wait");
    await().atMost(WAIT).until(() -> "sent".equals(Inbox.message(server, admin.companyId(), id)
        .deliveryStatus()));
    assertThat(fake.requests()).hasSize(3);
    assertThat(fake.sends("Sorry for the wait")).isEqualTo(1);
    assertThat(Inbox.queued(server)).isZero();
  }

  @ParameterizedTest
  @EnumSource(Platform.class)
  void aRefusalFailsTheMessageWithThePlatformsWordsLiveOnTheStream(Platform platform) {
    start(Map.of());
    Api.Session admin = server.api().signup("Refused Co", "Rolf");
    Inbox.Thread thread = Inbox.open(server, admin, platform, TOKEN);
    fake.script(refusal(platform));
    try (SseTap stream = SseTap.open(server, admin)) {
      stream.awaitEvent("ready", WAIT);
      long id = Inbox.reply(server, admin, thread, "Can you hear me?");
      JsonNode failed = awaitUpdate(stream, id, "failed");
      assertThat(failed.get("deliveryError").asText()).isEqualTo(refusalText(platform))
          .doesNotContain(TOKEN);
      assertThat(failed.get("platformMessageId").isNull()).isTrue();
    }
    assertThat(fake.requests()).hasSize(1);
    assertThat(Inbox.queued(server)).isZero();
  }

  @ParameterizedTest
  @EnumSource(Platform.class)
  void aNodeRestartInTheMiddleOfRetriesStillDeliversExactlyOnce(Platform platform) {
    start(Map.of("DELIVERY_RETRY_BASE_MS", "200"));
    Api.Session admin = server.api().signup("Restart Co", "Remy");
    Inbox.Thread thread = Inbox.open(server, admin, platform, TOKEN);
    fake.script(FakePlatform.Answer.json(503, ""), FakePlatform.Answer.json(503, ""),
        FakePlatform.Answer.json(503, ""));
    long id = Inbox.reply(server, admin, thread, "Still there?");
    await().atMost(WAIT).until(() -> !fake.requests().isEmpty());
    server.restart();
    await().atMost(WAIT).until(() -> "sent".equals(Inbox.message(server, admin.companyId(), id)
        .deliveryStatus()));
    assertThat(fake.sends("Still there?")).isEqualTo(1);
    assertThat(fake.requests()).hasSize(4);
    assertThat(Inbox.queued(server)).isZero();
  }

  @Test
  void aMessageIsGivenUpAfterTheLastAttemptWithTheLastError() {
    start(Map.of("DELIVERY_MAX_ATTEMPTS", "3"));
    Api.Session admin = server.api().signup("Give Up Co", "Gil");
    Inbox.Thread thread = Inbox.open(server, admin, Platform.ZALO, TOKEN);
    fake.script(FakePlatform.Answer.json(500, ""), FakePlatform.Answer.json(500, ""),
        FakePlatform.Answer.json(503, ""));
    long id = Inbox.reply(server, admin, thread, "Hello?");
    await().atMost(WAIT).until(() -> "failed".equals(Inbox.message(server, admin.companyId(),
        id).deliveryStatus()));
    assertThat(Inbox.message(server, admin.companyId(), id).deliveryError())
        .isEqualTo("gave up after 3 attempts; last error: HTTP 503");
    assertThat(fake.requests()).hasSize(3);
    assertThat(Inbox.queued(server)).isZero();
  }

  @Test
  void anEchoOfAReplyStillBeingSentIsThatReplyNotASecondMessageNorASecondSend() {
    start(Map.of());
    Api.Session admin = server.api().signup("Echo Co", "Eve");
    String page = "1029384756";
    String secret = "echo-app-secret";
    long channel = server.api().call("POST", "api/channels", Map.of("platform", "facebook",
        "name", "Echo page", "externalId", page, "secret", secret, "accessToken", TOKEN), admin)
        .expect(201).id();
    Hooks hooks = new Hooks(server);
    long ts = System.currentTimeMillis();
    hooks.facebook(channel, secret, Hooks.fbText(page, "psid-echo", "m_in", "Is it shipped?", ts))
        .expect(200);
    long conversation = server.api().call("GET", "api/conversations?channelId=" + channel, null,
        admin).json().get("items").get(0).get("id").asLong();
    fake.script(FakePlatform.Answer.hanging());
    long id = server.api().call("POST", "api/conversations/" + conversation + "/messages",
        Map.of("content", "Yes, this morning."), admin).expect(201).id();
    await().atMost(WAIT).until(() -> fake.requests().size() == 1);

    // Meta echoes the send before its answer to the send call reaches us.
    hooks.facebook(channel, secret, Hooks.fb(Hooks.fbEntry(page, Hooks.fbEcho(page, "psid-echo",
        "m_echoed", "Yes, this morning.", ts + 1)))).expect(200);
    Message adopted = Inbox.message(server, admin.companyId(), id);
    assertThat(adopted.deliveryStatus()).isEqualTo("sent");
    assertThat(adopted.platformMessageId()).isEqualTo("m_echoed");
    assertThat(adopted.authorId()).isEqualTo(admin.employeeId());
    assertThat(Inbox.queued(server)).as("nothing left to send").isZero();

    // The send call then times out as far as we can tell: still no second message, no resend.
    fake.release(FakePlatform.Answer.json(503, ""));
    JsonNode thread = server.api().call("GET", "api/conversations/" + conversation + "/messages",
        null, admin).json().get("items");
    assertThat(thread).extracting(m -> m.get("content").asText())
        .containsExactly("Yes, this morning.", "Is it shipped?");
    assertThat(Inbox.queued(server)).isZero();
    assertThat(fake.requests()).hasSize(1);
    assertThat(Inbox.message(server, admin.companyId(), id).deliveryStatus()).isEqualTo("sent");
  }

  @Test
  void aQueuedReplyFailsOnceItsChannelIsRemovedOrLosesItsToken() {
    // The API refuses a reply on such a channel (409); this is the queue's side: the channel
    // changes while the reply waits for a retry.
    start(Map.of("DELIVERY_MAX_ATTEMPTS", "1000"));
    Api.Session admin = server.api().signup("Gone Co", "Gina");
    Inbox.Thread removed = Inbox.open(server, admin, Platform.FACEBOOK, TOKEN);
    Inbox.Thread tokenless = Inbox.open(server, admin, Platform.TIKTOK, TOKEN);
    FakePlatform.Answer[] unavailable = new FakePlatform.Answer[200];
    java.util.Arrays.fill(unavailable, FakePlatform.Answer.json(503, ""));
    fake.script(unavailable);
    long first = Inbox.reply(server, admin, removed, "one");
    long second = Inbox.reply(server, admin, tokenless, "two");
    await().atMost(WAIT).until(() -> fake.requests().size() >= 2);
    server.api().call("DELETE", "api/channels/" + removed.channelId(), null, admin).expect(204);
    Map<String, Object> noToken = new HashMap<>();
    noToken.put("version", 1);
    noToken.put("accessToken", null);
    server.api().call("PATCH", "api/channels/" + tokenless.channelId(), noToken, admin)
        .expect(200);
    await().atMost(WAIT).until(() -> Inbox.queued(server) == 0);
    assertThat(Inbox.message(server, admin.companyId(), first))
        .extracting(Message::deliveryStatus, Message::deliveryError)
        .containsExactly("failed", "channel removed");
    assertThat(Inbox.message(server, admin.companyId(), second))
        .extracting(Message::deliveryStatus, Message::deliveryError)
        .containsExactly("failed", "channel has no access token");
    assertThat(fake.allSends()).isEmpty();
  }

  @Test
  void aFailedMessageSentAgainByAnyMemberGoesBackToPendingThenSent() {
    start(Map.of());
    Api.Session admin = server.api().signup("Again Co", "Ava");
    Api.Session agent = server.api().invite(admin, "Abe Agent", "agent");
    Inbox.Thread thread = Inbox.open(server, admin, Platform.FACEBOOK, TOKEN);
    fake.script(refusal(Platform.FACEBOOK));
    try (SseTap stream = SseTap.open(server, admin)) {
      stream.awaitEvent("ready", WAIT);
      long id = Inbox.reply(server, admin, thread, "Try me twice");
      awaitUpdate(stream, id, "failed");
      String path = "api/conversations/" + thread.conversationId() + "/messages/" + id + "/retry";
      JsonNode pending = server.api().call("POST", path, null, agent).expect(202).json();
      assertThat(pending.get("deliveryStatus").asText()).isEqualTo("pending");
      assertThat(pending.get("deliveryError").isNull()).isTrue();
      JsonNode sent = awaitUpdate(stream, id, "sent");
      assertThat(sent.get("platformMessageId").asText()).isEqualTo(FakePlatform.id(
          Platform.FACEBOOK, 1));
      List<String> statuses = stream.events().stream()
          .filter(f -> "message_updated".equals(f.event()))
          .map(f -> f.object().get("deliveryStatus").asText()).toList();
      assertThat(statuses).containsExactly("failed", "pending", "sent");
      assertThat(stream.events()).anyMatch(f -> "activity_created".equals(f.event())
          && f.object().get("action").asText().equals("retried"));
      // Only a failed agent message can be retried.
      server.api().call("POST", path, null, agent).problem(409);
      server.api().call("POST", "api/conversations/" + (thread.conversationId() + 1)
          + "/messages/" + id + "/retry", null, agent).problem(404);
      server.api().call("POST", "api/conversations/" + thread.conversationId()
          + "/messages/999999/retry", null, agent).problem(404);
    }
    assertThat(fake.sends("Try me twice")).isEqualTo(1);
  }

  private static JsonNode awaitUpdate(SseTap stream, long id, String status) {
    return stream.await(frames -> frames.stream().anyMatch(f -> isUpdate(f, id, status)), WAIT)
        .stream().filter(f -> isUpdate(f, id, status)).findFirst().orElseThrow().object();
  }

  private static boolean isUpdate(SseTap.Frame frame, long id, String status) {
    return "message_updated".equals(frame.event()) && frame.object().get("id").asLong() == id
        && status.equals(frame.object().get("deliveryStatus").asText());
  }

  static FakePlatform.Answer refusal(Platform platform) {
    return switch (platform) {
      case FACEBOOK -> FakePlatform.Answer.json(400, "{\"error\":{\"message\":\"(#551) This "
          + "person isn't available right now.\",\"type\":\"OAuthException\",\"code\":551}}");
      case ZALO -> FakePlatform.Answer.json(200, "{\"error\":-216,\"message\":\"Access token is "
          + "invalid\"}");
      case TIKTOK -> FakePlatform.Answer.json(200, "{\"code\":40002,\"message\":\"The "
          + "conversation is not user-initiated\"}");
    };
  }

  static String refusalText(Platform platform) {
    return switch (platform) {
      case FACEBOOK -> "Facebook: (#551) This person isn't available right now. (code 551)";
      case ZALO -> "Zalo: Access token is invalid (error -216)";
      case TIKTOK -> "TikTok: The conversation is not user-initiated (code 40002)";
    };
  }
}

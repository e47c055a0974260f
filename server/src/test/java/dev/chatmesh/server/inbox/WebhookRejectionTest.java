package dev.chatmesh.server.inbox;

import dev.chatmesh.server.support.Signing;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every delivery that is not signed, not for the channel, or not readable is refused with its
 * 4xx and leaves nothing behind; kinds the inbox does not handle are answered 200 and ignored.
 */
class WebhookRejectionTest {

  static final String PAGE = "1122334455";
  static final String OA = "998877665544";
  static final String BUSINESS = "biz-55";
  static final long TS = 1_767_225_600_000L;

  @RegisterExtension
  static final Node server = Node.sqlite(Map.of("MAX_BODY_BYTES", "65536"));
  static final Api api = server.api();
  static Hooks hooks;
  static Api.Session admin;
  static long facebook;
  static long zalo;
  static long tiktok;
  static long removed;

  @BeforeAll
  static void setUp() {
    hooks = new Hooks(server);
    admin = api.signup("Guarded Co", "Gus Admin");
    facebook = hooks.channel(admin, "facebook", PAGE, "fb-secret");
    zalo = hooks.channel(admin, "zalo", OA, "zalo-secret");
    tiktok = hooks.channel(admin, "tiktok", BUSINESS, "tt-secret");
    removed = hooks.channel(admin, "facebook", "5555", "gone-secret");
    api.call("DELETE", "api/channels/" + removed, null, admin).expect(204);
  }

  private static String fbText() {
    return Hooks.fbText(PAGE, "777000111", "m_refused", "should not be stored", TS);
  }

  private static void refused(int status, Api.Res res, List<Object> before) {
    res.problem(status);
    assertThat(hooks.inboxState()).isEqualTo(before);
  }

  @Test
  void aFacebookDeliveryWithABadOrMissingSignatureIs401AndStoresNothing() {
    List<Object> before = hooks.inboxState();
    byte[] raw = fbText().getBytes(StandardCharsets.UTF_8);
    refused(401, hooks.facebook(facebook, "wrong-secret", fbText()), before);
    refused(401, hooks.post("webhooks/facebook/" + facebook, raw, Map.of()), before);
    refused(401, hooks.post("webhooks/facebook/" + facebook, raw, Map.of(
        "X-Hub-Signature-256", "sha256=zz-not-hex")), before);
    // the legacy SHA-1 header alone is not enough
    refused(401, hooks.post("webhooks/facebook/" + facebook, raw, Map.of(
        "X-Hub-Signature", "sha1=" + Signing.hex(Signing.sha256(raw)))), before);
    // a signature over other bytes (the same JSON re-serialized with spaces) does not match
    String spaced = fbText().replace(",", ", ");
    String signature = "sha256=" + Signing.hex(Signing.hmac("fb-secret",
        fbText().getBytes(StandardCharsets.UTF_8)));
    refused(401, hooks.post("webhooks/facebook/" + facebook, spaced.getBytes(
        StandardCharsets.UTF_8), Map.of("X-Hub-Signature-256", signature)), before);
  }

  @Test
  void aZaloDeliveryWithABadOrMissingMacIs401AndStoresNothing() {
    List<Object> before = hooks.inboxState();
    String body = Hooks.zaloText("app-1", OA, "123123123", "z-refused", "no", TS);
    refused(401, hooks.zalo(zalo, "wrong-secret", body, "app-1", TS, true), before);
    // the mac covers app_id and timestamp as the body states them
    refused(401, hooks.zalo(zalo, "zalo-secret", body, "app-2", TS, true), before);
    refused(401, hooks.zalo(zalo, "zalo-secret", body, "app-1", TS + 1, true), before);
    refused(401, hooks.post("webhooks/zalo/" + zalo, body.getBytes(StandardCharsets.UTF_8),
        Map.of()), before);
  }

  @Test
  void aTikTokDeliveryWithABadStaleOrMissingSignatureIs401AndStoresNothing() {
    List<Object> before = hooks.inboxState();
    long now = System.currentTimeMillis() / 1000;
    String body = Hooks.tiktok("im_receive_msg", BUSINESS, "c-1", "u-1", BUSINESS, "t-refused",
        "no", now * 1000);
    refused(401, hooks.tiktok(tiktok, "wrong-secret", body), before);
    refused(401, hooks.tiktok(tiktok, "tt-secret", body, now - 301), before);
    refused(401, hooks.tiktok(tiktok, "tt-secret", body, now + 400), before);
    refused(401, hooks.post("webhooks/tiktok/" + tiktok, body.getBytes(StandardCharsets.UTF_8),
        Map.of()), before);
    refused(401, hooks.post("webhooks/tiktok/" + tiktok, body.getBytes(StandardCharsets.UTF_8),
        Map.of("TikTok-Signature", "s=" + Signing.hex(Signing.hmac("tt-secret",
            body.getBytes(StandardCharsets.UTF_8))))), before);
  }

  @Test
  void aDeliveryForAnotherPageOaOrBusinessIs422AndStoresNothing() {
    List<Object> before = hooks.inboxState();
    refused(422, hooks.facebook(facebook, "fb-secret", Hooks.fbText("9999", "777000111",
        "m_other_page", "hi", TS)), before);
    // an entry for this page carrying an item addressed to another page
    refused(422, hooks.facebook(facebook, "fb-secret", Hooks.fb(Hooks.fbEntry(PAGE,
        Hooks.fbMessage("9999", "777000111", "m_other_item", "hi", TS)))), before);
    refused(422, hooks.zalo(zalo, "zalo-secret", Hooks.zaloText("app-1", "1234", "123123123",
        "z-other", "hi", TS), "app-1", TS, true), before);
    long now = System.currentTimeMillis();
    refused(422, hooks.tiktok(tiktok, "tt-secret", Hooks.tiktok("im_receive_msg", "biz-other",
        "c-1", "u-1", "biz-other", "t-other", "hi", now)), before);
  }

  @Test
  void anUnknownRemovedOrOtherPlatformsChannelIs404AndStoresNothing() {
    List<Object> before = hooks.inboxState();
    refused(404, hooks.facebook(999_999, "fb-secret", fbText()), before);
    refused(404, hooks.facebook(removed, "gone-secret", Hooks.fbText("5555", "777000111",
        "m_removed", "hi", TS)), before);
    refused(404, hooks.post("webhooks/facebook/not-a-number", fbText().getBytes(
        StandardCharsets.UTF_8), Map.of()), before);
    // the Facebook channel's id on the Zalo and TikTok routes, correctly signed for it
    refused(404, hooks.zalo(facebook, "fb-secret", Hooks.zaloText("app-1", PAGE, "123",
        "z-wrong-route", "hi", TS), "app-1", TS, true), before);
    refused(404, hooks.tiktok(facebook, "fb-secret", Hooks.tiktok("im_receive_msg", PAGE,
        "c", "u", PAGE, "t-wrong-route", "hi", System.currentTimeMillis())), before);
    refused(404, hooks.facebook(zalo, "zalo-secret", Hooks.fbText(OA, "1", "m_wrong_route",
        "hi", TS)), before);
    refused(404, hooks.post("webhooks/instagram/" + facebook, new byte[] {'{', '}'}, Map.of()),
        before);
  }

  @Test
  void malformedOrTruncatedJsonIs400AndStoresNothing() {
    List<Object> before = hooks.inboxState();
    String whole = fbText();
    refused(400, hooks.facebook(facebook, "fb-secret", whole.substring(0, whole.length() - 7)),
        before);
    refused(400, hooks.facebook(facebook, "fb-secret", "not json at all"), before);
    refused(400, hooks.facebook(facebook, "fb-secret", whole + " {}"), before);
    refused(400, hooks.facebook(facebook, "fb-secret", "[" + whole + "]"), before);
    refused(400, hooks.facebook(facebook, "fb-secret", ""), before);
    String zalo = Hooks.zaloText("app-1", OA, "123123123", "z-trunc", "hi", TS);
    refused(400, hooks.zalo(WebhookRejectionTest.zalo, "zalo-secret", zalo.substring(0, 60),
        "app-1", TS, true), before);
    long now = System.currentTimeMillis();
    String tiktokBody = "{\"client_key\":\"ck\",\"event\":\"im_receive_msg\",\"create_time\":"
        + now / 1000 + ",\"user_openid\":\"" + BUSINESS + "\",\"content\":\"{\\\"conversation"
        + "_id\\\":\\\"c-1\\\",\\\"message_id\\\"\"}";
    refused(400, hooks.tiktok(tiktok, "tt-secret", tiktokBody), before);
    refused(400, hooks.tiktok(tiktok, "tt-secret", "{\"event\":"), before);
  }

  @Test
  void wellFormedJsonOfTheWrongShapeIs422AndStoresNothing() {
    List<Object> before = hooks.inboxState();
    refused(422, hooks.facebook(facebook, "fb-secret", "{\"object\":\"page\",\"entry\":{}}"),
        before);
    refused(422, hooks.facebook(facebook, "fb-secret", "{\"object\":\"user\",\"entry\":[]}"),
        before);
    refused(422, hooks.facebook(facebook, "fb-secret", Hooks.fb(Hooks.fbEntry(PAGE,
        "{\"recipient\":{\"id\":\"" + PAGE + "\"},\"timestamp\":1,\"message\":{\"mid\":\"m\","
            + "\"text\":\"x\"}}"))), before);
    refused(422, hooks.facebook(facebook, "fb-secret", Hooks.fb(Hooks.fbEntry(PAGE,
        "{\"sender\":{\"id\":\"1\"},\"recipient\":{\"id\":\"" + PAGE + "\"},\"timestamp\":"
            + "\"soon\",\"message\":{\"mid\":\"m\",\"text\":\"x\"}}"))), before);
    // a good item after a bad one is not stored either: one delivery, one transaction
    refused(422, hooks.facebook(facebook, "fb-secret", Hooks.fb(Hooks.fbEntry(PAGE,
        Hooks.fbMessage(PAGE, "777000111", "m_good", "fine", TS),
        "{\"sender\":{\"id\":\"1\"},\"recipient\":{\"id\":\"" + PAGE + "\"},\"timestamp\":1,"
            + "\"message\":{\"mid\":7.5,\"text\":\"x\"}}"))), before);
    String noMessage = "{\"app_id\":\"a\",\"timestamp\":\"" + TS + "\",\"event_name\":"
        + "\"user_send_text\",\"sender\":{\"id\":\"1\"},\"recipient\":{\"id\":\"" + OA + "\"}}";
    refused(422, hooks.zalo(zalo, "zalo-secret", noMessage, "a", TS, true), before);
  }

  @Test
  void aBodyOverTheLimitIs413AndStoresNothing() {
    List<Object> before = hooks.inboxState();
    String big = Hooks.fbText(PAGE, "777000111", "m_big", "x".repeat(70_000), TS);
    refused(413, hooks.facebook(facebook, "fb-secret", big), before);
  }

  @Test
  void aWrongMethodIs405WithAllow() {
    Api.Res put = api.send(api.request("webhooks/facebook/" + facebook)
        .PUT(HttpRequest.BodyPublishers.noBody()).build());
    put.problem(405);
    assertThat(put.headers().firstValue("Allow")).contains("GET, POST");
    Api.Res get = api.send(api.request("webhooks/zalo/" + zalo).GET().build());
    get.problem(405);
    assertThat(get.headers().firstValue("Allow")).contains("POST");
    Api.Res delete = api.send(api.request("webhooks/tiktok/" + tiktok).DELETE().build());
    delete.problem(405);
    assertThat(delete.headers().firstValue("Allow")).contains("POST");
  }

  @Test
  void theFacebookHandshakeEchoesTheBareChallengeOnlyForTheRightVerifyToken() {
    Api.Res ok = handshake(facebook, "subscribe", "verify-fb-secret", "1158201444");
    ok.expect(200);
    assertThat(ok.body()).isEqualTo("1158201444");
    assertThat(ok.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    handshake(facebook, "subscribe", "verify-fb-secreT", "1").problem(403);
    handshake(facebook, "subscribe", "", "1").problem(403);
    handshake(facebook, "unsubscribe", "verify-fb-secret", "1").problem(403);
    handshake(removed, "subscribe", "verify-gone-secret", "1").problem(404);
    handshake(999_999, "subscribe", "verify-fb-secret", "1").problem(404);
  }

  private static Api.Res handshake(long channel, String mode, String token, String challenge) {
    return api.send(api.request("webhooks/facebook/" + channel + "?hub.mode=" + mode
        + "&hub.verify_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
        + "&hub.challenge=" + challenge).GET().build());
  }

  @Test
  void eventKindsNotHandledAreAnswered200AndIgnored() {
    List<Object> before = hooks.inboxState();
    String postback = "{\"sender\":{\"id\":\"777000111\"},\"recipient\":{\"id\":\"" + PAGE
        + "\"},\"timestamp\":" + TS + ",\"postback\":{\"title\":\"Start\",\"payload\":\"GO\"}}";
    String image = "{\"sender\":{\"id\":\"777000111\"},\"recipient\":{\"id\":\"" + PAGE
        + "\"},\"timestamp\":" + TS + ",\"message\":{\"mid\":\"m_img\",\"attachments\":[{"
        + "\"type\":\"image\",\"payload\":{\"url\":\"https://x.test/a.jpg\"}}]}}";
    assertThat(hooks.facebook(facebook, "fb-secret", Hooks.fb(Hooks.fbEntry(PAGE, postback,
        image), "{\"id\":\"" + PAGE + "\",\"time\":1,\"changes\":[]}")).expect(200).json()
        .get("ignored").asInt()).isEqualTo(3);
    String follow = "{\"app_id\":\"a\",\"oa_id\":\"" + OA + "\",\"event_name\":\"follow\","
        + "\"timestamp\":\"" + TS + "\",\"follower\":{\"id\":\"1\"}}";
    hooks.zalo(zalo, "zalo-secret", follow, "a", TS, true).expect(200);
    String sticker = "{\"app_id\":\"a\",\"event_name\":\"user_send_sticker\",\"timestamp\":\""
        + TS + "\",\"sender\":{\"id\":\"1\"},\"recipient\":{\"id\":\"" + OA + "\"},"
        + "\"message\":{\"msg_id\":\"z-st\",\"attachments\":[{\"type\":\"sticker\"}]}}";
    hooks.zalo(zalo, "zalo-secret", sticker, "a", TS, true).expect(200);
    long now = System.currentTimeMillis();
    hooks.tiktok(tiktok, "tt-secret", "{\"client_key\":\"ck\",\"event\":\"im_mark_read_msg\","
        + "\"create_time\":" + now / 1000 + ",\"user_openid\":\"" + BUSINESS + "\",\"content\":"
        + "\"{}\"}").expect(200);
    hooks.tiktok(tiktok, "tt-secret", Hooks.tiktok("im_receive_msg", BUSINESS, "c", "u",
        BUSINESS, "t-img", "", now).replace("\\\"type\\\":\\\"text\\\"",
        "\\\"type\\\":\\\"image\\\"")).expect(200);
    assertThat(hooks.inboxState()).isEqualTo(before);
  }
}

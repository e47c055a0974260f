package dev.chatmesh.server.inbox;

import dev.chatmesh.server.json.Json;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;

import static dev.chatmesh.server.support.Signing.concat;
import static dev.chatmesh.server.support.Signing.hex;
import static dev.chatmesh.server.support.Signing.hmac;
import static dev.chatmesh.server.support.Signing.sha256;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Builds deliveries the way docs/PLATFORMS.md says each platform sends them, signs them with the
 * channel's secret (computed here, independently of the server's code) and posts them.
 */
final class Hooks {

  private final Node server;
  private final Api api;

  Hooks(Node server) {
    this.server = server;
    this.api = server.api();
  }

  /** Connects a channel as {@code admin}; returns its id. */
  long channel(Api.Session admin, String platform, String externalId, String secret) {
    return api.call("POST", "api/channels", Map.of("platform", platform, "name",
        platform + " " + externalId, "externalId", externalId, "secret", secret,
        "verifyToken", "verify-" + secret), admin).expect(201).id();
  }

  // --- Facebook ---

  static String fbText(String page, String user, String mid, String text, long ts) {
    return fb(fbEntry(page, fbMessage(page, user, mid, text, ts)));
  }

  static String fb(String... entries) {
    return "{\"object\":\"page\",\"entry\":[" + String.join(",", entries) + "]}";
  }

  static String fbEntry(String page, String... items) {
    return "{\"id\":\"" + page + "\",\"time\":" + System.currentTimeMillis() + ",\"messaging\":["
        + String.join(",", items) + "]}";
  }

  static String fbMessage(String page, String user, String mid, String text, long ts) {
    return "{\"sender\":{\"id\":\"" + user + "\"},\"recipient\":{\"id\":\"" + page + "\"},"
        + "\"timestamp\":" + ts + ",\"message\":{\"mid\":\"" + mid + "\",\"text\":"
        + Json.write(text) + "}}";
  }

  static String fbEcho(String page, String user, String mid, String text, long ts) {
    return "{\"sender\":{\"id\":\"" + page + "\"},\"recipient\":{\"id\":\"" + user + "\"},"
        + "\"timestamp\":" + ts + ",\"message\":{\"is_echo\":true,\"app_id\":1517776481860111,"
        + "\"mid\":\"" + mid + "\",\"text\":" + Json.write(text) + "}}";
  }

  static String fbReceipt(String page, String user, String kind, long watermark,
                          List<String> mids) {
    String extra = mids.isEmpty() ? "" : "\"mids\":" + Json.write(mids) + ",";
    return "{\"sender\":{\"id\":\"" + user + "\"},\"recipient\":{\"id\":\"" + page + "\"},"
        + "\"timestamp\":" + (watermark + 5) + ",\"" + kind + "\":{" + extra + "\"watermark\":"
        + watermark + "}}";
  }

  Api.Res facebook(long channel, String secret, String body) {
    byte[] raw = body.getBytes(StandardCharsets.UTF_8);
    return post("webhooks/facebook/" + channel, raw, Map.of("X-Hub-Signature-256",
        "sha256=" + hex(hmac(secret, raw))));
  }

  // --- Zalo ---

  static String zaloText(String app, String oa, String user, String msgId, String text,
                         long ts) {
    return "{\"app_id\":\"" + app + "\",\"user_id_by_app\":\"55" + user + "\",\"event_name\":"
        + "\"user_send_text\",\"timestamp\":\"" + ts + "\",\"sender\":{\"id\":\"" + user
        + "\"},\"recipient\":{\"id\":\"" + oa + "\"},\"message\":{\"text\":" + Json.write(text)
        + ",\"msg_id\":\"" + msgId + "\"}}";
  }

  Api.Res zalo(long channel, String secret, String body, String app, long ts, boolean prefix) {
    byte[] raw = body.getBytes(StandardCharsets.UTF_8);
    String mac = hex(sha256(concat(app.getBytes(StandardCharsets.UTF_8), raw,
        Long.toString(ts).getBytes(StandardCharsets.UTF_8),
        secret.getBytes(StandardCharsets.UTF_8))));
    return post("webhooks/zalo/" + channel, raw, Map.of("X-ZEvent-Signature",
        prefix ? "mac=" + mac : mac));
  }

  // --- TikTok ---

  static String tiktok(String event, String business, String conversation, String from,
                       String to, String msgId, String text, long ts) {
    String content = "{\"conversation_id\":\"" + conversation + "\",\"message_id\":\"" + msgId
        + "\",\"timestamp\":" + ts + ",\"type\":\"text\",\"text\":{\"body\":" + Json.write(text)
        + "},\"from_user\":{\"id\":\"" + from + "\"},\"to_user\":{\"id\":\"" + to + "\"}}";
    return "{\"client_key\":\"ck_test\",\"event\":\"" + event + "\",\"create_time\":"
        + ts / 1000 + ",\"user_openid\":\"" + business + "\",\"content\":" + Json.write(content)
        + "}";
  }

  Api.Res tiktok(long channel, String secret, String body, long seconds) {
    byte[] raw = body.getBytes(StandardCharsets.UTF_8);
    byte[] signed = concat((seconds + ".").getBytes(StandardCharsets.US_ASCII), raw);
    return post("webhooks/tiktok/" + channel, raw, Map.of("TikTok-Signature",
        "t=" + seconds + ",s=" + hex(hmac(secret, signed))));
  }

  Api.Res tiktok(long channel, String secret, String body) {
    return tiktok(channel, secret, body, System.currentTimeMillis() / 1000);
  }

  // --- plumbing ---

  Api.Res post(String path, byte[] raw, Map<String, String> headers) {
    HttpRequest.Builder request = api.request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(raw));
    headers.forEach(request::header);
    return api.send(request.build());
  }

  /** How many rows {@code table} holds. */
  int count(String table) {
    return server.database().read(handle -> handle.createQuery("SELECT COUNT(*) FROM "
        + table).mapTo(Integer.class).one());
  }

  /** Every row of the inbox tables and the event heads: equal when nothing was stored. */
  List<Object> inboxState() {
    return server.database().read(handle -> List.of(
        handle.createQuery("SELECT * FROM channel_identities ORDER BY channel_id, "
            + "platform_user_id").mapToMap().list(),
        handle.createQuery("SELECT * FROM conversations ORDER BY id").mapToMap().list(),
        handle.createQuery("SELECT * FROM messages ORDER BY id").mapToMap().list(),
        handle.createQuery("SELECT id, event_seq FROM companies ORDER BY id").mapToMap().list(),
        handle.createQuery("SELECT COUNT(*) FROM customers").mapTo(Integer.class).one()));
  }
}

package dev.chatmesh.server.support;

import dev.chatmesh.server.json.Json;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A Facebook Page channel of a test company, and the signed webhook deliveries Meta would send
 * to it: the way inbox tests bring customers' messages in.
 *
 * @param api       the node's API client
 * @param channelId the channel
 * @param pageId    the Page id (the channel's externalId)
 * @param secret    the app secret that signs deliveries
 */
public record Facebook(Api api, long channelId, String pageId, String secret) {

  /** Connects a Facebook channel with a sending token to {@code admin}'s company. */
  public static Facebook connect(Api api, Api.Session admin, String name) {
    String pageId = Long.toString(100_000_000L + (long) (Math.random() * 800_000_000L));
    String secret = "fb-app-secret-" + pageId;
    long id = api.call("POST", "api/channels", Map.of("platform", "facebook", "name", name,
        "externalId", pageId, "secret", secret, "accessToken", "page-token",
        "verifyToken", "verify-" + pageId), admin).expect(201).id();
    return new Facebook(api, id, pageId, secret);
  }

  /** Delivers a text message from {@code psid}; answers the webhook's response. */
  public Api.Res message(String psid, String mid, String text) {
    return deliver(Map.of("object", "page", "entry", List.of(Map.of("id", pageId,
        "time", System.currentTimeMillis(), "messaging", List.of(Map.of(
            "sender", Map.of("id", psid), "recipient", Map.of("id", pageId),
            "timestamp", System.currentTimeMillis(),
            "message", Map.of("mid", mid, "text", text))))))).expect(200);
  }

  /** Posts {@code body} as JSON, signed with the channel's secret. */
  public Api.Res deliver(Object body) {
    return deliverRaw(Json.write(body).getBytes(StandardCharsets.UTF_8), secret);
  }

  /** Posts raw bytes signed with {@code key} as Meta does (X-Hub-Signature-256). */
  public Api.Res deliverRaw(byte[] raw, String key) {
    return api.send(api.request("webhooks/facebook/" + channelId)
        .header("Content-Type", "application/json")
        .header("X-Hub-Signature-256", "sha256=" + Signing.hex(Signing.hmac(key, raw)))
        .POST(HttpRequest.BodyPublishers.ofByteArray(raw)).build());
  }
}

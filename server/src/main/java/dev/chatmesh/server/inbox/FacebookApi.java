package dev.chatmesh.server.inbox;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.time.Duration;
import java.util.Set;

/**
 * Messenger's Send API: {@code POST {base}/v21.0/{PAGE_ID}/messages?access_token=…} with
 * {@code {"recipient":{"id":PSID},"messaging_type":"RESPONSE","message":{"text":…}}}.
 * Success is {@code {recipient_id, message_id}}; errors are {@code {"error":{message, code}}}.
 */
final class FacebookApi implements PlatformApi {

  /** The Graph API version the send path names; one place to move it forward. */
  static final String GRAPH_VERSION = "v21.0";

  // Graph error codes that mean "later": unknown/transient (1, 2), and rate limits (4, 17, 32,
  // 613). Everything else (190 bad token, 100 bad parameter, 10/200 permission, 551 person
  // unavailable…) is a verdict on this message.
  private static final Set<Integer> TRANSIENT = Set.of(1, 2, 4, 17, 32, 613);

  private final WebClient client;
  private final String base;
  private final Duration timeout;

  FacebookApi(WebClient client, String base, Duration timeout) {
    this.client = client;
    this.base = base;
    this.timeout = timeout;
  }

  @Override
  public Future<Outcome> send(Outbound message) {
    JsonObject body = new JsonObject()
        .put("recipient", new JsonObject().put("id", message.recipient()))
        .put("messaging_type", "RESPONSE")
        .put("message", new JsonObject().put("text", message.text()));
    return Calls.post(client.postAbs(base + "/" + GRAPH_VERSION + "/" + message.accountId()
                + "/messages").addQueryParam("access_token", message.accessToken()),
        body, message.accessToken(), timeout, FacebookApi::read);
  }

  private static Outcome read(HttpResponse<Buffer> response) {
    JsonObject json = Calls.json(response);
    JsonObject error = json.getJsonObject("error");
    if (response.statusCode() / 100 == 2 && error == null) {
      String id = json.getString("message_id");
      return id == null || id.isBlank()
          ? new Outcome.Failed("Facebook answered without a message id")
          : new Outcome.Sent(id);
    }
    if (error == null) {
      return new Outcome.Failed("Facebook refused the message (HTTP " + response.statusCode()
          + ")");
    }
    Integer code = error.getValue("code") instanceof Number n ? n.intValue() : null;
    String reason = "Facebook: " + error.getString("message", "error")
        + (code == null ? "" : " (code " + code + ")");
    return (code != null && TRANSIENT.contains(code)) || error.getBoolean("is_transient", false)
        ? new Outcome.Retry(reason, Calls.retryAfter(response.getHeader("Retry-After")))
        : new Outcome.Failed(reason);
  }
}

package dev.chatmesh.server.inbox;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.time.Duration;

/**
 * Zalo OA's customer-service message API: {@code POST {base}/v3.0/oa/message/cs} with the
 * token in an {@code access_token} header and {@code {"recipient":{"user_id":…},
 * "message":{"text":…}}}. Zalo answers HTTP 200 either way: {@code error == 0} with
 * {@code data.message_id} is success, any other {@code error} (-216 bad token, -213 user not
 * following, 48 h window over…) is its final word on the message.
 */
final class ZaloApi implements PlatformApi {

  private final WebClient client;
  private final String base;
  private final Duration timeout;

  ZaloApi(WebClient client, String base, Duration timeout) {
    this.client = client;
    this.base = base;
    this.timeout = timeout;
  }

  @Override
  public Future<Outcome> send(Outbound message) {
    JsonObject body = new JsonObject()
        .put("recipient", new JsonObject().put("user_id", message.recipient()))
        .put("message", new JsonObject().put("text", message.text()));
    return Calls.post(client.postAbs(base + "/v3.0/oa/message/cs")
            .putHeader("access_token", message.accessToken()),
        body, message.accessToken(), timeout, ZaloApi::read);
  }

  private static Outcome read(HttpResponse<Buffer> response) {
    if (response.statusCode() / 100 != 2) {
      return new Outcome.Failed("Zalo refused the message (HTTP " + response.statusCode() + ")");
    }
    JsonObject json = Calls.json(response);
    Object error = json.getValue("error");
    int code = error instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(error));
    if (code != 0) {
      return new Outcome.Failed("Zalo: " + json.getString("message", "error") + " (error "
          + code + ")");
    }
    JsonObject data = json.getJsonObject("data");
    Object id = data == null ? null : data.getValue("message_id");
    return id == null || String.valueOf(id).isBlank()
        ? new Outcome.Failed("Zalo answered without a message id")
        : new Outcome.Sent(String.valueOf(id));
  }
}

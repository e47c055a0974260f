package dev.chatmesh.server.inbox;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.time.Duration;

/**
 * TikTok Business Messaging: {@code POST {base}/open_api/v1.3/business/message/send/} with the
 * token in an {@code Access-Token} header and {@code {"business_id":…,"recipient_type":
 * "CONVERSATION","recipient":CONVERSATION_ID,"message_type":"TEXT","text":{"body":…}}}.
 * Success is {@code {"code":0,"data":{"message":{"message_id":…}}}}; any other {@code code},
 * often with HTTP 200, is failure.
 */
final class TikTokApi implements PlatformApi {

  // TikTok's API for Business: 40100 is "too many requests", 5xxxx are its internal errors;
  // those are worth a later try, every other code is about this message or this token.
  private static final int RATE_LIMITED = 40100;
  private static final int INTERNAL = 50000;

  private final WebClient client;
  private final String base;
  private final Duration timeout;

  TikTokApi(WebClient client, String base, Duration timeout) {
    this.client = client;
    this.base = base;
    this.timeout = timeout;
  }

  @Override
  public Future<Outcome> send(Outbound message) {
    JsonObject body = new JsonObject()
        .put("business_id", message.accountId())
        .put("recipient_type", "CONVERSATION")
        .put("recipient", message.recipient())
        .put("message_type", "TEXT")
        .put("text", new JsonObject().put("body", message.text()));
    return Calls.post(client.postAbs(base + "/open_api/v1.3/business/message/send/")
            .putHeader("Access-Token", message.accessToken()),
        body, message.accessToken(), timeout, TikTokApi::read);
  }

  private static Outcome read(HttpResponse<Buffer> response) {
    JsonObject json = Calls.json(response);
    Object value = json.getValue("code");
    if (value == null) {
      return new Outcome.Failed("TikTok refused the message (HTTP " + response.statusCode()
          + ")");
    }
    int code = value instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(value));
    if (code != 0) {
      String reason = "TikTok: " + json.getString("message", "error") + " (code " + code + ")";
      return code == RATE_LIMITED || code >= INTERNAL
          ? new Outcome.Retry(reason, null) : new Outcome.Failed(reason);
    }
    JsonObject data = json.getJsonObject("data");
    JsonObject sent = data == null ? null : data.getJsonObject("message");
    // The documented place is data.message.message_id; integrations also report a flat
    // data.message_id (PLATFORMS.md marks this shape "likely"), so accept both.
    Object id = sent != null ? sent.getValue("message_id")
        : data == null ? null : data.getValue("message_id");
    return id == null || String.valueOf(id).isBlank()
        ? new Outcome.Failed("TikTok answered without a message id")
        : new Outcome.Sent(String.valueOf(id));
  }
}

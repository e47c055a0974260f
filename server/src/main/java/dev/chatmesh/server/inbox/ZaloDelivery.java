package dev.chatmesh.server.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatmesh.server.http.ApiException;

/**
 * Reads a Zalo OA delivery: one event per POST. {@code user_send_*} is a customer's message,
 * {@code oa_send_*} the OA's own send echoed back; either is kept when it has text. Follows,
 * unfollows and every other event are {@link Inbound.Ignored}.
 */
final class ZaloDelivery {

  private ZaloDelivery() {
  }

  /**
   * The body's {@code app_id} and {@code timestamp} exactly as sent, which the signature covers;
   * 400 when the body cannot carry a signature at all.
   */
  static Signed signedFields(ObjectNode body) {
    JsonNode appId = body.get("app_id");
    JsonNode timestamp = body.get("timestamp");
    if (!scalar(appId) || !scalar(timestamp)) {
      throw ApiException.badRequest("A Zalo delivery carries app_id "
          + "and timestamp, which its signature covers.");
    }
    return new Signed(appId.asText(), timestamp.asText());
  }

  /**
   * The body's fields Zalo's signature covers besides the body itself.
   *
   * @param appId     {@code app_id}
   * @param timestamp {@code timestamp}, as the text that was sent
   */
  record Signed(String appId, String timestamp) {
  }

  /** The delivery's one item; 422 when it is not for {@code oaId} or has the wrong shape. */
  static Inbound read(ObjectNode body, String oaId) {
    String event = Shape.name(body, "event_name", "event_name");
    boolean echo = event.startsWith("oa_send_");
    if (!echo && !event.startsWith("user_send_")) {
      return new Inbound.Ignored(event);
    }
    String sender = Shape.id(Shape.object(body, "sender", "sender"), "id", "sender.id");
    String recipient = Shape.id(Shape.object(body, "recipient", "recipient"), "id",
        "recipient.id");
    Shape.addressedTo(oaId, echo ? sender : recipient, echo ? "sender.id" : "recipient.id");
    String user = echo ? recipient : sender;
    JsonNode message = Shape.object(body, "message", "message");
    String id = Shape.id(message, "msg_id", "message.msg_id");
    long timestamp = Shape.millis(body, "timestamp", "timestamp");
    String text = Shape.text(message, "text", "message.text");
    if (text == null) {
      return new Inbound.Ignored(event + " without text");
    }
    return new Inbound.Text(user, user, id, text, timestamp, echo);
  }

  private static boolean scalar(JsonNode node) {
    return node != null && (node.isTextual() || node.isIntegralNumber());
  }
}

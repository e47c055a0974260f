package dev.chatmesh.server.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/**
 * Reads a TikTok Business Messaging delivery. Its {@code content} is JSON inside a string and is
 * parsed a second time. {@code im_receive_msg} is a customer's message, {@code im_send_msg} the
 * business side's (from ChatMesh or the TikTok app); only text is kept. {@code im_mark_read_msg}
 * is ignored: its content's shape is not documented well enough to move statuses on.
 */
final class TikTokDelivery {

  private TikTokDelivery() {
  }

  /** The delivery's one item; 400/422 when it is not for {@code businessId} or malformed. */
  static Inbound read(ObjectNode body, String businessId) {
    String event = Shape.name(body, "event", "event");
    Shape.addressedTo(businessId, Shape.id(body, "user_openid", "user_openid"), "user_openid");
    boolean echo = event.equals("im_send_msg");
    if (!echo && !event.equals("im_receive_msg")) {
      return new Inbound.Ignored(event);
    }
    JsonNode wrapped = body.get("content");
    if (wrapped == null || !wrapped.isTextual()) {
      throw Shape.invalid("content", "must be a string holding a JSON object");
    }
    ObjectNode content = Shape.parse(wrapped.textValue().getBytes(StandardCharsets.UTF_8),
        "The delivery's content");
    String type = Shape.name(content, "type", "content.type");
    if (!type.equals("text")) {
      return new Inbound.Ignored(event + " " + type);
    }
    String conversation = Shape.id(content, "conversation_id", "content.conversation_id");
    String id = Shape.id(content, "message_id", "content.message_id");
    String from = Shape.id(Shape.object(content, "from_user", "content.from_user"), "id",
        "content.from_user.id");
    String to = Shape.id(Shape.object(content, "to_user", "content.to_user"), "id",
        "content.to_user.id");
    long sentAt = content.has("timestamp") ? Shape.millis(content, "timestamp",
        "content.timestamp") : Shape.millis(body, "create_time", "create_time") * 1000;
    String text = Shape.text(Shape.object(content, "text", "content.text"), "body",
        "content.text.body");
    if (text == null) {
      return new Inbound.Ignored(event + " without text");
    }
    return new Inbound.Text(echo ? to : from, conversation, id, text, sentAt, echo);
  }
}

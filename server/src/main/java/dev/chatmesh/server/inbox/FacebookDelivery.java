package dev.chatmesh.server.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a Messenger delivery ({@code object: page}): every entry, every {@code messaging} item,
 * in order. Each entry must be for the channel's page; messages, echoes, delivery and read
 * receipts are handled, everything else (postbacks, reactions, entries without
 * {@code messaging}) is {@link Inbound.Ignored}.
 */
final class FacebookDelivery {

  private static final Set<String> ENVELOPE = Set.of("sender", "recipient", "timestamp");

  private FacebookDelivery() {
  }

  /** The delivery's items; 400/422 when it is not a page delivery for {@code pageId}. */
  static List<Inbound> read(ObjectNode body, String pageId) {
    JsonNode object = body.get("object");
    if (object == null || !"page".equals(object.asText())) {
      throw Shape.invalid("object", "must be \"page\"");
    }
    JsonNode entries = Shape.array(body, "entry", "entry");
    List<Inbound> items = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String path = "entry[" + i + "]";
      JsonNode entry = entries.get(i);
      if (!entry.isObject()) {
        throw Shape.invalid(path, "must be a JSON object");
      }
      Shape.addressedTo(pageId, Shape.id(entry, "id", path + ".id"), path + ".id");
      if (!entry.has("messaging")) {
        // feed "changes", handover "standby" and the like
        items.add(new Inbound.Ignored("entry without messaging"));
        continue;
      }
      JsonNode messaging = Shape.array(entry, "messaging", path + ".messaging");
      for (int j = 0; j < messaging.size(); j++) {
        items.add(item(messaging.get(j), pageId, path + ".messaging[" + j + "]"));
      }
    }
    return items;
  }

  private static Inbound item(JsonNode item, String pageId, String path) {
    if (!item.isObject()) {
      throw Shape.invalid(path, "must be a JSON object");
    }
    String sender = Shape.id(Shape.object(item, "sender", path + ".sender"), "id",
        path + ".sender.id");
    String recipient = Shape.id(Shape.object(item, "recipient", path + ".recipient"), "id",
        path + ".recipient.id");
    if (item.has("message")) {
      JsonNode message = Shape.object(item, "message", path + ".message");
      JsonNode isEcho = message.get("is_echo");
      if (isEcho != null && !isEcho.isBoolean()) {
        throw Shape.invalid(path + ".message.is_echo", "must be true or false");
      }
      boolean echo = isEcho != null && isEcho.booleanValue();
      // An echo is the page speaking: sender and recipient are swapped.
      Shape.addressedTo(pageId, echo ? sender : recipient,
          path + (echo ? ".sender.id" : ".recipient.id"));
      String user = echo ? recipient : sender;
      String mid = Shape.id(message, "mid", path + ".message.mid");
      long timestamp = Shape.millis(item, "timestamp", path + ".timestamp");
      String text = Shape.text(message, "text", path + ".message.text");
      if (text == null) {
        return new Inbound.Ignored(echo ? "echo without text" : "message without text");
      }
      return new Inbound.Text(user, user, mid, text, timestamp, echo);
    }
    if (item.has("delivery") || item.has("read")) {
      boolean read = item.has("read");
      String field = read ? "read" : "delivery";
      Shape.addressedTo(pageId, recipient, path + ".recipient.id");
      JsonNode receipt = Shape.object(item, field, path + "." + field);
      long watermark = Shape.millis(receipt, "watermark", path + "." + field + ".watermark");
      List<String> mids = new ArrayList<>();
      if (!read && receipt.hasNonNull("mids")) {
        JsonNode list = Shape.array(receipt, "mids", path + ".delivery.mids");
        for (int k = 0; k < list.size(); k++) {
          mids.add(Shape.id(list, k, path + ".delivery.mids[" + k + "]"));
        }
      }
      return new Inbound.Receipt(sender, read, mids, watermark);
    }
    String kind = "empty item";
    for (var names = item.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!ENVELOPE.contains(name)) {
        kind = name;
        break;
      }
    }
    return new Inbound.Ignored(kind);
  }
}

package dev.chatmesh.server.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatmesh.server.http.ApiException;
import dev.chatmesh.server.json.Json;

import java.io.IOException;
import java.util.List;

/**
 * Reads the fields of a platform's payload: malformed JSON is 400, a missing or mistyped field
 * is 422 naming it by its path ({@code entry[0].messaging[1].sender.id}). Platform ids stay
 * strings, whatever JSON type the platform used for them.
 */
final class Shape {

  private static final int MAX_ID = 256;

  private Shape() {
  }

  /** The payload {@code raw} as a JSON object; 400 otherwise. */
  static ObjectNode parse(byte[] raw, String what) {
    try {
      JsonNode node = Json.MAPPER.readTree(raw);
      if (node instanceof ObjectNode object) {
        return object;
      }
      throw ApiException.badRequest(what + " must be a JSON object.");
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(what + " is not valid JSON: " + Json.complaint(e) + ".");
    } catch (IOException e) {
      throw ApiException.badRequest(what + " could not be read.");
    }
  }

  /** The object {@code field} of {@code parent}; 422 when absent or not an object. */
  static JsonNode object(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || !node.isObject()) {
      throw invalid(path, "must be a JSON object");
    }
    return node;
  }

  /** The array {@code field} of {@code parent}; 422 when absent or not an array. */
  static JsonNode array(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || !node.isArray()) {
      throw invalid(path, "must be a JSON array");
    }
    return node;
  }

  /** A platform id: a non-blank string or a whole number, kept as its decimal text. */
  static String id(JsonNode parent, String field, String path) {
    return id(parent.get(field), path);
  }

  /** The platform id at {@code index} of an array. */
  static String id(JsonNode array, int index, String path) {
    return id(array.get(index), path);
  }

  private static String id(JsonNode node, String path) {
    String value = node == null ? null : node.isTextual() ? node.textValue()
        : node.isIntegralNumber() ? node.asText() : null;
    if (value == null || value.isBlank() || value.length() > MAX_ID
        || value.chars().anyMatch(Character::isISOControl)) {
      throw invalid(path, "must be an id (a string or a whole number)");
    }
    return value;
  }

  /** A required string field (an event name); 422 otherwise. */
  static String name(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || !node.isTextual() || node.textValue().isBlank()) {
      throw invalid(path, "must be a non-blank string");
    }
    return node.textValue();
  }

  /** Epoch milliseconds given as a positive whole number or a string of digits. */
  static long millis(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node != null && node.isIntegralNumber() && node.canConvertToLong()
        && node.longValue() > 0) {
      return node.longValue();
    }
    if (node != null && node.isTextual() && node.textValue().matches("[0-9]{1,18}")
        && Long.parseLong(node.textValue()) > 0) {
      return Long.parseLong(node.textValue());
    }
    throw invalid(path, "must be a timestamp in milliseconds");
  }

  /**
   * Message text, or null when there is none (an attachment alone). NUL and lone surrogates,
   * which the databases cannot store, become U+FFFD: a customer's message is kept rather than
   * refused, since a refusal only makes the platform retry it for hours.
   */
  static String text(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw invalid(path, "must be a string");
    }
    String text = node.textValue();
    if (text.isBlank()) {
      return null;
    }
    StringBuilder clean = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        clean.append(c).append(text.charAt(++i));
      } else if (c == '\0' || Character.isSurrogate(c)) {
        clean.append('\uFFFD');
      } else {
        clean.append(c);
      }
    }
    return clean.toString();
  }

  /** 422 when the delivery is addressed to another page, OA or business than the channel's. */
  static void addressedTo(String expected, String actual, String path) {
    if (!expected.equals(actual)) {
      throw invalid(path, "is not this channel's id on the platform; the delivery is for "
          + "another account");
    }
  }

  /** A 422 for one field. */
  static ApiException invalid(String path, String message) {
    return ApiException.invalid(List.of(new ApiException.FieldError(path, message)));
  }
}

package dev.chatmesh.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatmesh.server.json.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.Locale;

/**
 * A JSON request body being validated. Each accessor checks one field and records what is
 * wrong instead of throwing, so that {@link #validate()} answers 422 with every bad field at
 * once. A field that is absent reads as null; {@link #has} tells absent from explicit null,
 * which partial updates need.
 */
public final class Input {

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");

  private final ObjectNode body;
  private final List<ApiException.FieldError> errors = new ArrayList<>();

  private Input(ObjectNode body) {
    this.body = body;
  }

  /** Parses the request body: 415 unless JSON, 400 unless a well-formed JSON object. */
  public static Input of(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new ApiException(415, "Unsupported Media Type",
          "Send the body as application/json.");
    }
    // An empty body has no buffer at all, not an empty one.
    Buffer buffer = ctx.body() == null ? null : ctx.body().buffer();
    if (buffer == null || buffer.length() == 0) {
      throw ApiException.badRequest("The request body is empty; a JSON object was expected.");
    }
    try {
      JsonNode node = Json.MAPPER.readTree(buffer.getBytes());
      if (node instanceof ObjectNode object) {
        return new Input(object);
      }
      throw ApiException.badRequest("The request body must be a JSON object.");
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("The request body is not valid JSON: "
          + Json.complaint(e) + ".");
    } catch (java.io.IOException e) {
      throw ApiException.badRequest("The request body could not be read.");
    }
  }

  /** Wraps an already parsed object (tests, nested objects). */
  public static Input of(ObjectNode body) {
    return new Input(body);
  }

  /** Whether the field is present, even as null. */
  public boolean has(String field) {
    return body.has(field);
  }

  /** A string of 1..max characters after trimming; null when absent or null and optional. */
  public String text(String field, boolean required, int max) {
    return string(field, required, max, true);
  }

  /**
   * A password: a string of 1..max characters taken exactly as sent (spaces at either end are
   * part of it, never trimmed away); null when absent or null and optional.
   */
  public String secret(String field, boolean required, int max) {
    return string(field, required, max, false);
  }

  private String string(String field, boolean required, int max, boolean trim) {
    JsonNode node = body.get(field);
    if (isMissing(node)) {
      return missing(field, required);
    }
    if (!node.isTextual()) {
      return fail(field, "must be a string");
    }
    String value = trim ? node.textValue().strip() : node.textValue();
    if (value.isEmpty()) {
      return required ? fail(field, "must not be blank") : null;
    }
    if (value.length() > max) {
      return fail(field, "must be at most " + max + " characters");
    }
    String unstorable = unstorable(value);
    return unstorable == null ? value : fail(field, unstorable);
  }

  /** A string that is one of {@code allowed}. */
  public String oneOf(String field, boolean required, String... allowed) {
    String value = text(field, required, 64);
    if (value != null && !List.of(allowed).contains(value)) {
      return fail(field, "must be one of " + String.join(", ", allowed));
    }
    return value;
  }

  /** An e-mail address, lower-cased. */
  public String email(String field, boolean required) {
    String value = text(field, required, 254);
    if (value != null && !EMAIL.matcher(value).matches()) {
      return fail(field, "must be an e-mail address");
    }
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }

  /** A string matching {@code pattern}. */
  public String matching(String field, boolean required, Pattern pattern, String rule) {
    JsonNode node = body.get(field);
    if (isMissing(node)) {
      return missing(field, required);
    }
    if (!node.isTextual() || !pattern.matcher(node.textValue()).matches()) {
      return fail(field, rule);
    }
    return node.textValue();
  }

  /** A positive whole-number id. */
  public Long id(String field, boolean required) {
    JsonNode node = body.get(field);
    if (isMissing(node)) {
      return missing(field, required);
    }
    if (!node.canConvertToLong() || !node.isIntegralNumber() || node.longValue() <= 0) {
      return fail(field, "must be a positive whole number");
    }
    return node.longValue();
  }

  /** A whole number in a range. */
  public Integer integer(String field, boolean required, int min, int max) {
    JsonNode node = body.get(field);
    if (isMissing(node)) {
      return missing(field, required);
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()
        || node.intValue() < min || node.intValue() > max) {
      return fail(field, "must be a whole number from " + min + " to " + max);
    }
    return node.intValue();
  }

  /** A boolean. */
  public Boolean bool(String field, boolean required) {
    JsonNode node = body.get(field);
    if (isMissing(node)) {
      return missing(field, required);
    }
    if (!node.isBoolean()) {
      return fail(field, "must be true or false");
    }
    return node.booleanValue();
  }

  /** A JSON object of at most {@code maxChars} when written. */
  public ObjectNode object(String field, boolean required, int maxChars) {
    JsonNode node = body.get(field);
    if (isMissing(node)) {
      return missing(field, required);
    }
    if (!(node instanceof ObjectNode object)) {
      return fail(field, "must be a JSON object");
    }
    if (Json.write(object).length() > maxChars) {
      return fail(field, "must be at most " + maxChars + " characters of JSON");
    }
    return object;
  }

  /** Any JSON value (null when absent). */
  public JsonNode any(String field, boolean required) {
    JsonNode node = body.get(field);
    if (isMissing(node)) {
      return missing(field, required);
    }
    return node;
  }

  /** A list of distinct non-blank strings. */
  public List<String> strings(String field, boolean required, int maxItems, int maxLength) {
    JsonNode node = body.get(field);
    if (isMissing(node)) {
      return missing(field, required);
    }
    if (!node.isArray() || node.size() > maxItems) {
      return fail(field, "must be a list of at most " + maxItems + " strings");
    }
    List<String> values = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isTextual() || item.textValue().isBlank()
          || item.textValue().length() > maxLength) {
        return fail(field, "must hold non-blank strings of at most " + maxLength + " characters");
      }
      String unstorable = unstorable(item.textValue());
      if (unstorable != null) {
        return fail(field, unstorable);
      }
      String value = item.textValue().strip();
      if (!values.contains(value)) {
        values.add(value);
      }
    }
    return values;
  }

  /** Records that {@code field} is wrong for a reason only the caller can judge. */
  public void reject(String field, String message) {
    fail(field, message);
  }

  /** Throws 422 listing every field found wrong so far. */
  public void validate() {
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
  }

  /**
   * Why {@code value} cannot be stored as sent, or null. PostgreSQL refuses NUL in text, and a
   * lone UTF-16 surrogate (JSON may escape one) would silently become "?" on the way to either
   * engine; both are refused alike everywhere.
   */
  private static String unstorable(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\0') {
        return "must not contain NUL characters";
      }
      if (Character.isHighSurrogate(c) && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "must be valid Unicode text";
      }
    }
    return null;
  }

  private static boolean isMissing(JsonNode node) {
    return node == null || node.isNull();
  }

  private <T> T missing(String field, boolean required) {
    if (required) {
      errors.add(new ApiException.FieldError(field, "is required"));
    }
    return null;
  }

  private <T> T fail(String field, String message) {
    errors.add(new ApiException.FieldError(field, message));
    return null;
  }
}

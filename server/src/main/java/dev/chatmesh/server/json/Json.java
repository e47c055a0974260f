package dev.chatmesh.server.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The one JSON mapper of the application, and the timestamp format of the API. */
public final class Json {

  /**
   * How deeply any JSON the application reads may nest. Far below what the writer accepts
   * (Jackson's 1,000), so a stored value always fits inside the wrappers an answer puts around
   * it (a listing, an item, an event envelope).
   */
  public static final int MAX_DEPTH = 64;

  /**
   * Shared, thread-safe mapper: records in, camelCase JSON out, nulls kept. Input with anything
   * after its one JSON value ({@code {} {}}, {@code {} x}) is malformed, not a valid prefix.
   */
  public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
      .build())
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Json() {
  }

  /** Serializes a value. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses JSON text that this application wrote itself. */
  public static JsonNode read(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What is wrong with malformed input, in the API's words: Jackson's own messages name its
   * classes and settings, which mean nothing to a client.
   */
  public static String complaint(JsonProcessingException e) {
    if (e instanceof StreamConstraintsException) {
      return e.getOriginalMessage().contains("nesting depth")
          ? "it nests deeper than " + MAX_DEPTH + " levels"
          : "a number, string or name in it is too long";
    }
    if (e instanceof JsonEOFException) {
      return "it ends before the JSON value is complete";
    }
    var where = e.getLocation();
    return where == null || where.getLineNr() < 0 ? "it is not well-formed JSON"
        : "it is not well-formed JSON (line " + where.getLineNr() + ", column "
            + where.getColumnNr() + ")";
  }

  /** Epoch milliseconds as {@code 2026-11-22T10:15:30.123Z}. */
  public static String timestamp(long epochMillis) {
    return TIMESTAMP.format(Instant.ofEpochMilli(epochMillis));
  }
}

package dev.chatmesh.realtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The JSON the clients see, in one place (docs/SPEC.md §3): the event envelope, the
 * {@code ready}, {@code reset} and {@code revoked} control frames, and the long-poll page.
 * Ids are decimal strings so that JavaScript clients never round them.
 */
public final class Wire {

  /** Why a client is told to reload: the id it resumes from is not in this history. */
  static final String HISTORY_TRUNCATED = "history_truncated";

  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Wire() {
  }

  /**
   * The envelope of one committed event, {@code {"id":"<seq>","type":…,"company_id":…,
   * "timestamp":…,"data":<dataJson>}}; {@code dataJson} is written as it is.
   */
  public static String envelope(long seq, String type, long companyId, long epochMillis,
                                String dataJson) {
    return json(out -> {
      out.writeStartObject();
      out.writeStringField("id", Long.toString(seq));
      out.writeStringField("type", type);
      out.writeNumberField("company_id", companyId);
      out.writeStringField("timestamp", TIMESTAMP.format(Instant.ofEpochMilli(epochMillis)));
      out.writeFieldName("data");
      out.writeRawValue(dataJson);
      out.writeEndObject();
    });
  }

  /** The long-poll answer: the caller's envelopes, where to ask next, the head, and a reset. */
  public static String page(Poller.Result result) {
    return json(out -> {
      out.writeStartObject();
      out.writeArrayFieldStart("events");
      for (Event event : result.events()) {
        out.writeRawValue(event.json());
      }
      out.writeEndArray();
      out.writeStringField("lastId", Long.toString(result.lastId()));
      out.writeStringField("headId", Long.toString(result.headId()));
      if (result.reset()) {
        out.writeFieldName("reset");
        writeReset(out, result.headId());
      }
      out.writeEndObject();
    });
  }

  /** The first event of a stream: the company's head, the company and the heartbeat period. */
  static Buffer ready(long headId, long companyId, long heartbeatMs) {
    return SseFrames.event(null, "ready", json(out -> {
      out.writeStartObject();
      out.writeStringField("headId", Long.toString(headId));
      out.writeNumberField("companyId", companyId);
      out.writeNumberField("heartbeatMs", heartbeatMs);
      out.writeEndObject();
    }));
  }

  /**
   * Tells the client to reload its data and go on from {@code headId}; the frame's id is the
   * head, so an {@code EventSource} resumes from there.
   */
  static Buffer reset(long headId) {
    return SseFrames.event(Long.toString(headId), "reset", json(out -> writeReset(out, headId)));
  }

  /** The last event of a stream whose caller lost access; the client must not reconnect. */
  static Buffer revoked(String reason) {
    return SseFrames.event(null, "revoked", json(out -> {
      out.writeStartObject();
      out.writeStringField("reason", reason);
      out.writeEndObject();
    }));
  }

  private static void writeReset(JsonGenerator out, long headId) throws IOException {
    out.writeStartObject();
    out.writeStringField("reason", HISTORY_TRUNCATED);
    out.writeStringField("headId", Long.toString(headId));
    out.writeEndObject();
  }

  private static String json(Body body) {
    StringWriter text = new StringWriter(128);
    try (JsonGenerator out = JSON.createGenerator(text)) {
      body.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /** Writes one JSON value. */
  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator out) throws IOException;
  }
}

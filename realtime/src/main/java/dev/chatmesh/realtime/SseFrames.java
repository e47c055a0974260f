package dev.chatmesh.realtime;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/**
 * Encodes Server-Sent Event frames. Ids and types are stripped of CR and LF so a value can never
 * end a field early; data is split on every line end into one {@code data:} line each, which
 * the client joins back with {@code \n}.
 */
public final class SseFrames {

  /** The heartbeat comment. */
  public static final Buffer PING = Buffer.buffer(": ping\n\n");
  /** The heartbeat as a named event, for clients that cannot see comments. */
  public static final Buffer PING_EVENT = event(null, "ping", "{}");
  static final Frame PING_FRAME = Frame.of(PING);
  static final Frame PING_EVENT_FRAME = Frame.of(PING_EVENT);

  private SseFrames() {
  }

  /** A frame with an id (may be null), an event type and data. */
  public static Buffer event(String id, String type, String data) {
    StringBuilder out = new StringBuilder(data.length() + 48);
    if (id != null) {
      out.append("id: ").append(singleLine(id)).append('\n');
    }
    out.append("event: ").append(singleLine(type)).append('\n');
    appendData(out, data);
    out.append('\n');
    return Buffer.buffer(out.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The {@code retry:} field that tells the client how long to wait before reconnecting. */
  public static Buffer retry(long millis) {
    return Buffer.buffer("retry: " + millis + "\n\n");
  }

  private static void appendData(StringBuilder out, String data) {
    int start = 0;
    int n = data.length();
    for (int i = 0; i < n; i++) {
      char c = data.charAt(i);
      if (c == '\r' || c == '\n') {
        out.append("data: ").append(data, start, i).append('\n');
        if (c == '\r' && i + 1 < n && data.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    out.append("data: ").append(data, start, n).append('\n');
  }

  private static String singleLine(String value) {
    if (value.indexOf('\r') < 0 && value.indexOf('\n') < 0 && value.indexOf('\0') < 0) {
      return value;
    }
    return value.replace("\r", "").replace("\n", "").replace("\0", "");
  }
}

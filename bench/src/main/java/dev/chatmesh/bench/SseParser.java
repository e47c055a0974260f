package dev.chatmesh.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A push parser for one HTTP/1.1 SSE response: status line and headers, chunked transfer
 * coding, then the event stream. It looks at each byte once, keeps no per-frame objects, and
 * pulls out only what the load tool needs: the {@code id}, the event type, and the markers
 * {@code @t<nanos>} (send time) and {@code @s<n>} (sender's sequence) inside {@code data}.
 * Control events ({@code ready}, {@code reset}) keep their data so the head id can be read.
 *
 * <p>It assumes the servers' canonical framing ({@code field: value\n}); it is a measuring
 * instrument, not a general client (that is {@code dev.chatmesh.client}).
 */
final class SseParser {

  /** What the parser found. Called on the connection's event loop. */
  interface Sink {
    /** The response head ended; {@code status} is the HTTP status code. */
    void head(int status);

    /**
     * One complete event.
     *
     * @param control  {@link #NONE}, {@link #READY}, {@link #RESET}, {@link #REVOKED} or
     *                 {@link #PING}
     * @param seq      the {@code id} field, else the {@code @s} marker, else -1
     * @param sentAt   the {@code @t} marker, else -1
     * @param timed    whether the type is the one whose latency is recorded
     * @param headId   for {@code ready} and {@code reset}: the {@code headId} in the data
     */
    void event(int control, long seq, long sentAt, boolean timed, long headId);

    /** The server ended the response (last chunk). */
    void end();
  }

  static final int NONE = 0;
  static final int READY = 1;
  static final int RESET = 2;
  static final int REVOKED = 3;
  static final int PING = 4;

  private static final byte[] READY_NAME = "ready".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RESET_NAME = "reset".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] REVOKED_NAME = "revoked".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PING_NAME = "ping".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEAD_ID = "\"headId\":\"".getBytes(StandardCharsets.US_ASCII);

  // transfer states
  private static final int HEAD = 0;
  private static final int CHUNK_SIZE = 1;
  private static final int CHUNK_EXT = 2;
  private static final int CHUNK_DATA = 3;
  private static final int CHUNK_END = 4;
  private static final int IDENTITY = 5;
  private static final int DONE = 6;

  // line states
  private static final int LINE_START = 0;
  private static final int FIELD = 1;
  private static final int VALUE_START = 2;
  private static final int VALUE = 3;
  private static final int SKIP = 4;

  // fields
  private static final int F_OTHER = 0;
  private static final int F_ID = 1;
  private static final int F_EVENT = 2;
  private static final int F_DATA = 3;

  private final Sink sink;
  private final byte[] timedType;
  private int transfer = HEAD;
  private final StringBuilder head = new StringBuilder(256);
  private long chunkLeft;

  private int line = LINE_START;
  private int field;
  private int fieldFirst;
  private boolean hasData;
  private boolean hasId;
  private long id;
  private final byte[] type = new byte[64];
  private int typeLen;
  private int control;
  // data markers: 0 scanning, 1 after '@', 2 in @t digits, 3 in @s digits, 4 done
  private int marker;
  private long sentAt = -1;
  private long seqMark = -1;
  private long digits;
  private final byte[] controlData = new byte[512];
  private int controlLen;

  /**
   * A parser reporting to {@code sink}; frames whose event type equals {@code timedType} (or
   * every frame, when it is null) are flagged for the latency histogram.
   */
  SseParser(Sink sink, byte[] timedType) {
    this.sink = sink;
    this.timedType = timedType;
  }

  /** Feeds {@code len} bytes of {@code buf} from {@code off}. */
  void feed(byte[] buf, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end) {
      switch (transfer) {
        case HEAD -> i = head(buf, i, end);
        case CHUNK_SIZE -> {
          byte b = buf[i++];
          int d = hex(b);
          if (d >= 0) {
            chunkLeft = chunkLeft * 16 + d;
          } else if (b == '\n') {
            chunkEnded();
          } else if (b != '\r') {
            transfer = CHUNK_EXT;
          }
        }
        case CHUNK_EXT -> {
          if (buf[i++] == '\n') {
            chunkEnded();
          }
        }
        case CHUNK_DATA -> {
          int n = (int) Math.min(chunkLeft, end - i);
          events(buf, i, i + n);
          i += n;
          chunkLeft -= n;
          if (chunkLeft == 0) {
            transfer = CHUNK_END;
          }
        }
        case CHUNK_END -> {
          if (buf[i++] == '\n') {
            transfer = CHUNK_SIZE;
          }
        }
        case IDENTITY -> {
          events(buf, i, end);
          i = end;
        }
        default -> i = end;
      }
    }
  }

  private void chunkEnded() {
    if (chunkLeft == 0) {
      transfer = DONE;
      sink.end();
    } else {
      transfer = CHUNK_DATA;
    }
  }

  private int head(byte[] buf, int i, int end) {
    while (i < end) {
      char c = (char) (buf[i++] & 0xff);
      head.append(c);
      int n = head.length();
      if (c == '\n' && n >= 4 && head.charAt(n - 2) == '\r' && head.charAt(n - 3) == '\n') {
        String text = head.toString();
        int status = Integer.parseInt(text.substring(9, 12));
        boolean chunked = text.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked");
        transfer = chunked ? CHUNK_SIZE : IDENTITY;
        head.setLength(0);
        sink.head(status);
        return i;
      }
    }
    return i;
  }

  private void events(byte[] buf, int i, int end) {
    while (i < end) {
      byte b = buf[i];
      switch (line) {
        case LINE_START -> {
          i++;
          if (b == '\n') {
            dispatch();
          } else if (b == ':') {
            line = SKIP;
          } else if (b != '\r') {
            fieldFirst = b;
            line = FIELD;
          }
        }
        case FIELD -> {
          i++;
          if (b == ':') {
            field = switch (fieldFirst) {
              case 'i' -> F_ID;
              case 'e' -> F_EVENT;
              case 'd' -> F_DATA;
              default -> F_OTHER;
            };
            line = VALUE_START;
            if (field == F_DATA) {
              hasData = true;
            } else if (field == F_ID) {
              hasId = true;
              id = 0;
            } else if (field == F_EVENT) {
              typeLen = 0;
            }
          } else if (b == '\n') {
            line = LINE_START;
          }
        }
        case VALUE_START -> {
          line = VALUE;
          if (b == ' ') {
            i++;
          }
        }
        case VALUE -> i = value(buf, i, end);
        default -> {
          int nl = indexOf(buf, i, end, (byte) '\n');
          if (nl < 0) {
            i = end;
          } else {
            i = nl + 1;
            line = LINE_START;
          }
        }
      }
    }
  }

  private int value(byte[] buf, int i, int end) {
    switch (field) {
      case F_ID -> {
        while (i < end) {
          byte b = buf[i++];
          if (b == '\n') {
            line = LINE_START;
            return i;
          }
          if (b >= '0' && b <= '9') {
            id = id * 10 + (b - '0');
          }
        }
        return i;
      }
      case F_EVENT -> {
        while (i < end) {
          byte b = buf[i++];
          if (b == '\n') {
            control = classify();
            line = LINE_START;
            return i;
          }
          if (typeLen < type.length && b != '\r') {
            type[typeLen++] = b;
          }
        }
        return i;
      }
      case F_DATA -> {
        return control == NONE ? data(buf, i, end) : controlData(buf, i, end);
      }
      default -> {
        line = SKIP;
        return i;
      }
    }
  }

  private int data(byte[] buf, int i, int end) {
    while (i < end) {
      if (marker == 4) {
        int nl = indexOf(buf, i, end, (byte) '\n');
        if (nl < 0) {
          return end;
        }
        line = LINE_START;
        return nl + 1;
      }
      byte b = buf[i++];
      if (b == '\n') {
        finishMarker();
        line = LINE_START;
        return i;
      }
      switch (marker) {
        case 0 -> {
          if (b == '@') {
            marker = 1;
          }
        }
        case 1 -> {
          marker = b == 't' ? 2 : b == 's' ? 3 : b == '@' ? 1 : 0;
          digits = -1;
        }
        default -> {
          if (b >= '0' && b <= '9') {
            digits = (digits < 0 ? 0 : digits * 10) + (b - '0');
          } else {
            finishMarker();
            if (b == '@') {
              marker = 1;
            }
          }
        }
      }
    }
    return i;
  }

  private void finishMarker() {
    if (marker == 2 && digits >= 0) {
      sentAt = digits;
      marker = 0;
    } else if (marker == 3 && digits >= 0) {
      seqMark = digits;
      // the sequence marker comes last in the tool's payloads: skip the padding
      marker = sentAt >= 0 ? 4 : 0;
    } else if (marker != 4) {
      marker = 0;
    }
  }

  private int controlData(byte[] buf, int i, int end) {
    while (i < end) {
      byte b = buf[i++];
      if (b == '\n') {
        line = LINE_START;
        return i;
      }
      if (controlLen < controlData.length) {
        controlData[controlLen++] = b;
      }
    }
    return i;
  }

  private void dispatch() {
    if (hasData) {
      long headId = -1;
      if (control == READY || control == RESET) {
        headId = headId();
      }
      long seq = hasId ? id : seqMark;
      boolean timed = control == NONE && (timedType == null || typeIs(timedType));
      sink.event(control, seq, sentAt, timed, headId);
    }
    hasData = false;
    hasId = false;
    id = 0;
    typeLen = 0;
    control = NONE;
    marker = 0;
    sentAt = -1;
    seqMark = -1;
    controlLen = 0;
  }

  private int classify() {
    if (typeIs(READY_NAME)) {
      return READY;
    }
    if (typeIs(RESET_NAME)) {
      return RESET;
    }
    if (typeIs(REVOKED_NAME)) {
      return REVOKED;
    }
    if (typeIs(PING_NAME)) {
      return PING;
    }
    return NONE;
  }

  private boolean typeIs(byte[] name) {
    if (typeLen != name.length) {
      return false;
    }
    for (int k = 0; k < typeLen; k++) {
      if (type[k] != name[k]) {
        return false;
      }
    }
    return true;
  }

  private long headId() {
    outer:
    for (int start = 0; start + HEAD_ID.length <= controlLen; start++) {
      for (int k = 0; k < HEAD_ID.length; k++) {
        if (controlData[start + k] != HEAD_ID[k]) {
          continue outer;
        }
      }
      long value = 0;
      for (int k = start + HEAD_ID.length; k < controlLen; k++) {
        byte b = controlData[k];
        if (b < '0' || b > '9') {
          break;
        }
        value = value * 10 + (b - '0');
      }
      return value;
    }
    return -1;
  }

  private static int indexOf(byte[] buf, int from, int to, byte value) {
    for (int k = from; k < to; k++) {
      if (buf[k] == value) {
        return k;
      }
    }
    return -1;
  }

  private static int hex(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }
}

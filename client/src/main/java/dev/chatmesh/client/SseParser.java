package dev.chatmesh.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Incremental parser for a {@code text/event-stream} body that follows the WHATWG
 * EventSource parsing rules; it accepts bytes in any chunking, even mid UTF-8 sequence.
 *
 * <p>Not thread-safe: feed one stream's bytes from one thread at a time.
 */
public final class SseParser {

    /** Receives what the parser finds in the stream. */
    public interface Handler {

        /** Called for every dispatched event. */
        void onEvent(SseEvent event);

        /** Called for every comment line, with the text after the colon minus one leading space. */
        default void onComment(String comment) {
        }

        /** Called when a {@code retry} field carries a valid reconnection time in milliseconds. */
        default void onRetry(long millis) {
        }
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final Handler handler;
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean afterCr;
    private int bomMatched;
    private boolean bomDone;
    private final StringBuilder data = new StringBuilder();
    private String eventType = "";
    private String lastEventIdBuffer;
    private String lastEventId;

    /**
     * Creates a parser whose last event id starts as {@code lastEventId}, so a resumed
     * stream keeps the id of the previous one until it sends a new one.
     */
    public SseParser(String lastEventId, Handler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.lastEventId = Objects.requireNonNull(lastEventId, "lastEventId");
        this.lastEventIdBuffer = lastEventId;
    }

    /** Creates a parser for a stream with no last event id yet. */
    public SseParser(Handler handler) {
        this("", handler);
    }

    /** The last event id as of the last blank line, {@code ""} when none. */
    public String lastEventId() {
        return lastEventId;
    }

    /** Replaces the last event id, as when a client learns the head id out of band. */
    public void lastEventId(String id) {
        lastEventId = Objects.requireNonNull(id, "id");
        lastEventIdBuffer = id;
    }

    /** Consumes all remaining bytes of {@code chunk}, dispatching whatever completes. */
    public void feed(ByteBuffer chunk) {
        while (chunk.hasRemaining()) {
            accept(chunk.get());
        }
    }

    /** Consumes all of {@code bytes}, dispatching whatever completes. */
    public void feed(byte[] bytes) {
        feed(ByteBuffer.wrap(bytes));
    }

    private void accept(byte b) {
        if (!bomDone) {
            // The BOM may be split over chunks, so match it byte by byte and keep the
            // tentative bytes in the line: they are content if the match fails.
            if (b == BOM[bomMatched]) {
                append(b);
                if (++bomMatched == BOM.length) {
                    lineLength = 0;
                    bomDone = true;
                }
                return;
            }
            bomDone = true;
        }
        if (b == LF && afterCr) {
            // The LF of a CRLF whose CR ended the line already, possibly in the previous chunk.
            afterCr = false;
            return;
        }
        afterCr = b == CR;
        if (b == CR || b == LF) {
            String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
            lineLength = 0;
            processLine(text);
        } else {
            append(b);
        }
    }

    private void append(byte b) {
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, line.length * 2);
        }
        line[lineLength++] = b;
    }

    private void processLine(String text) {
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        int colon = text.indexOf(':');
        if (colon == 0) {
            handler.onComment(stripOneSpace(text.substring(1)));
        } else if (colon < 0) {
            processField(text, "");
        } else {
            processField(text.substring(0, colon), stripOneSpace(text.substring(colon + 1)));
        }
    }

    private void processField(String name, String value) {
        switch (name) {
            case "event" -> eventType = value;
            case "data" -> data.append(value).append('\n');
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventIdBuffer = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    handler.onRetry(parseMillis(value));
                }
            }
            default -> {
                // Unknown fields are ignored, as the standard requires.
            }
        }
    }

    private void dispatch() {
        lastEventId = lastEventIdBuffer;
        if (data.isEmpty()) {
            eventType = "";
            return;
        }
        String payload = data.substring(0, data.length() - 1);
        String type = eventType.isEmpty() ? "message" : eventType;
        data.setLength(0);
        eventType = "";
        handler.onEvent(new SseEvent(type, payload, lastEventId));
    }

    private static String stripOneSpace(String value) {
        return value.startsWith(" ") ? value.substring(1) : value;
    }

    private static long parseMillis(String digits) {
        // More than 18 digits could overflow a long; such a delay is "forever" anyway.
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }
}

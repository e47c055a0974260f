package dev.chatmesh.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One answer of {@code GET /api/events}, turned into the events the stream would have sent.
 * Each event's data is the envelope's original JSON text, sliced out of the body rather
 * than re-serialized, so it is byte for byte what the stream's {@code data:} line carries.
 */
record PollPage(List<SseEvent> events, Optional<SseEvent> reset, String headId) {

    private static final JsonFactory JSON = new JsonFactory();

    PollPage {
        events = List.copyOf(events);
    }

    static PollPage parse(String body) throws IOException {
        try (JsonParser p = JSON.createParser(body)) {
            require(p.nextToken() == JsonToken.START_OBJECT, "a JSON object");
            List<SseEvent> events = new ArrayList<>();
            SseEvent reset = null;
            String headId = "";
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "events" -> {
                        require(value == JsonToken.START_ARRAY, "\"events\" to be an array");
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            require(p.currentToken() == JsonToken.START_OBJECT, "events to be objects");
                            Slice event = Slice.read(p, body);
                            String type = event.type().isEmpty() ? "message" : event.type();
                            events.add(new SseEvent(type, event.text(), event.id()));
                        }
                    }
                    case "reset" -> {
                        if (value == JsonToken.START_OBJECT) {
                            Slice slice = Slice.read(p, body);
                            reset = new SseEvent("reset", slice.text(), slice.headId());
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "headId" -> headId = scalar(p);
                    default -> p.skipChildren();
                }
            }
            return new PollPage(events, Optional.ofNullable(reset), headId);
        }
    }

    /** The top-level {@code headId} of a JSON object such as the {@code ready} event's data, or {@code ""}. */
    static String headIdOf(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                return Slice.read(p, json).headId();
            }
        } catch (IOException e) {
            // Not JSON: there is simply no head id to learn.
        }
        return "";
    }

    private static void require(boolean ok, String what) throws IOException {
        if (!ok) {
            throw new IOException("poll answer malformed: expected " + what);
        }
    }

    private static String scalar(JsonParser p) throws IOException {
        if (p.currentToken().isScalarValue() && p.currentToken() != JsonToken.VALUE_NULL) {
            return p.getText();
        }
        p.skipChildren();
        return "";
    }

    /** One JSON object's original text and the few top-level fields the client needs from it. */
    private record Slice(String text, String id, String type, String headId) {

        /** Reads the object whose START_OBJECT is the current token, leaving the parser on its END_OBJECT. */
        static Slice read(JsonParser p, String source) throws IOException {
            int start = (int) p.currentTokenLocation().getCharOffset();
            String id = "";
            String type = "";
            String headId = "";
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "id" -> id = scalar(p);
                    case "type" -> type = scalar(p);
                    case "headId" -> headId = scalar(p);
                    default -> p.skipChildren();
                }
            }
            int end = (int) p.currentTokenLocation().getCharOffset() + 1;
            return new Slice(source.substring(start, end), id, type, headId);
        }
    }
}

package dev.chatmesh.client;

import java.util.Objects;

/**
 * One dispatched server-sent event, as an {@code EventSource} {@code MessageEvent} would carry it.
 *
 * @param type the event type, {@code "message"} when the stream named none
 * @param data the data lines joined with {@code '\n'}
 * @param id   the last event id in force when the event was dispatched, {@code ""} when none
 */
public record SseEvent(String type, String data, String id) {

    /** Validates that no component is null. */
    public SseEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(id, "id");
    }
}

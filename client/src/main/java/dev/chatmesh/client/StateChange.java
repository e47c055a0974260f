package dev.chatmesh.client;

import java.util.Objects;

/**
 * One transition of an {@link SseClient}, delivered to its state listeners.
 *
 * @param previous the state before
 * @param current  the state now
 * @param cause    why it changed
 */
public record StateChange(ConnectionState previous, ConnectionState current, Cause cause) {

    /** Validates that no component is null. */
    public StateChange {
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(cause, "cause");
    }
}

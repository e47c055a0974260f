package dev.chatmesh.client;

/** Where an {@link SseClient} is in its life. */
public enum ConnectionState {

    /** Built, {@link SseClient#connect()} not called yet. */
    NEW,

    /** The first stream request is under way. */
    CONNECTING,

    /** The stream is open and events arrive live. */
    OPEN,

    /** The stream failed; waiting out the backoff delay or retrying. */
    RECONNECTING,

    /** Too many stream attempts failed; events come by long-polling while the stream is probed. */
    POLLING,

    /** Stopped for good: closed by the caller, by HTTP 204 or by a {@code revoked} event. */
    CLOSED,

    /** Stopped for good because retrying cannot help (401, 403, other 4xx, not an event stream). */
    FAILED;

    /** Whether the client will never connect again from this state. */
    public boolean isTerminal() {
        return this == CLOSED || this == FAILED;
    }
}

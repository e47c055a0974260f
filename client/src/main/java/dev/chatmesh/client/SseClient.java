package dev.chatmesh.client;

import java.net.URI;

/**
 * An {@code EventSource}-style client for the ChatMesh event stream: it connects, dispatches
 * events to listeners, resumes with {@code Last-Event-ID} after a drop with jittered backoff,
 * drops silent connections, and falls back to long-polling when the stream keeps failing.
 *
 * <p>Build one with {@link #builder(URI)}, register listeners there, then {@link #connect()}.
 * A client connects once; after {@link #close()} build a new one. A {@code reset} event
 * (history truncated) reaches the listeners like any other: the application reloads its data.
 */
public final class SseClient implements AutoCloseable {

    private final Engine engine;

    SseClient(ClientConfig config) {
        this.engine = new Engine(config);
    }

    /** Starts a builder for a client of the stream at {@code streamUri}, e.g. {@code https://host/api/events/stream}. */
    public static SseClientBuilder builder(URI streamUri) {
        return new SseClientBuilder(streamUri);
    }

    /**
     * Starts connecting in the background and returns at once; progress is reported to the
     * state listeners.
     *
     * @return this client
     * @throws IllegalStateException if called twice or after {@link #close()}
     */
    public SseClient connect() {
        engine.connect();
        return this;
    }

    /**
     * Stops for good: cancels the stream or poll and every timer, then reports {@link ConnectionState#CLOSED}.
     * No event listener is called after this returns, except one already running. Idempotent.
     */
    @Override
    public void close() {
        engine.close();
    }

    /** The current state; may lag the state listeners by the task that is changing it. */
    public ConnectionState state() {
        return engine.state();
    }

    /** The id the client would resume from now, {@code ""} when it has none. */
    public String lastEventId() {
        return engine.lastEventId();
    }
}

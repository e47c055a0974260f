package dev.chatmesh.client;

import java.time.Duration;
import java.util.Objects;

/** Why an {@link SseClient} changed its {@link ConnectionState}. */
public sealed interface Cause {

    /** The caller asked: {@link SseClient#connect()} or {@link SseClient#close()}. */
    record Requested() implements Cause {
    }

    /** The server answered 200 with {@code text/event-stream}. */
    record Opened() implements Cause {
    }

    /**
     * The server answered a status that is not an open stream.
     *
     * @param status the HTTP status code
     */
    record HttpStatus(int status) implements Cause {
    }

    /**
     * The server answered 200 but not with {@code text/event-stream}.
     *
     * @param contentType the content type it sent, {@code ""} when none
     */
    record NotEventStream(String contentType) implements Cause {
    }

    /**
     * The connection failed at the transport level.
     *
     * @param error what the HTTP client reported
     */
    record IoError(Throwable error) implements Cause {

        /** Validates that the error is present. */
        public IoError {
            Objects.requireNonNull(error, "error");
        }
    }

    /** The server ended an open stream. */
    record StreamEnded() implements Cause {
    }

    /**
     * Nothing at all arrived for the heartbeat timeout, so the client dropped the connection.
     *
     * @param quiet how long the connection had been silent
     */
    record Silent(Duration quiet) implements Cause {
    }

    /** The server sent a {@code revoked} event: the credentials no longer give access. */
    record Revoked() implements Cause {
    }
}

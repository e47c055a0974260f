package dev.chatmesh.client;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One {@code GET} of the event stream: sends it, feeds the body to a parser one chunk at a
 * time (the next chunk is requested only after the engine has dispatched the previous one),
 * and watches for silence. Every outcome goes to the {@link Engine} as a task on its actor.
 */
final class StreamAttempt implements Flow.Subscriber<List<ByteBuffer>> {

    private final Engine engine;
    private final ClientConfig config;
    private final String lastEventId;
    private final SseParser parser;
    private final long timeoutNanos;
    private volatile long lastActivity;
    private volatile boolean stopped;
    private volatile Flow.Subscription subscription;
    private volatile ScheduledFuture<?> watchdog;
    private CompletableFuture<HttpResponse<Void>> response;
    private long openedAt;
    private boolean opened;

    StreamAttempt(Engine engine, ClientConfig config, String lastEventId) {
        this.engine = engine;
        this.config = config;
        this.lastEventId = lastEventId;
        this.timeoutNanos = config.heartbeatTimeout().toNanos();
        this.parser = new SseParser(lastEventId, new SseParser.Handler() {
            @Override
            public void onEvent(SseEvent event) {
                engine.streamEvent(StreamAttempt.this, event);
            }

            @Override
            public void onComment(String comment) {
                engine.streamComment(StreamAttempt.this, comment);
            }

            @Override
            public void onRetry(long millis) {
                engine.streamRetry(StreamAttempt.this, millis);
            }
        });
    }

    /** Sends the request; the watchdog covers the wait for headers too. */
    void start() {
        HttpRequest.Builder request = HttpRequest.newBuilder(config.streamUri())
                .GET()
                .header("Accept", "text/event-stream")
                .header("Cache-Control", "no-cache");
        config.headers().forEach((name, values) -> values.forEach(value -> request.header(name, value)));
        if (!lastEventId.isEmpty()) {
            request.header("Last-Event-ID", lastEventId);
        }
        touch();
        armWatchdog(timeoutNanos);
        response = config.httpClient().sendAsync(request.build(), this::bodyFor);
        response.whenComplete((answer, error) -> engine.post(() -> engine.streamFinished(this, answer, error)));
    }

    private BodySubscriber<Void> bodyFor(ResponseInfo info) {
        if (info.statusCode() == 200 && isEventStream(info)) {
            touch();
            engine.post(() -> engine.streamOpened(this));
            return BodySubscribers.fromSubscriber(this);
        }
        return BodySubscribers.discarding();
    }

    static boolean isEventStream(ResponseInfo info) {
        return info.headers().firstValue("Content-Type")
                .map(type -> type.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream"))
                .orElse(false);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (stopped) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> chunk) {
        touch();
        engine.post(() -> engine.streamChunk(this, chunk));
    }

    @Override
    public void onError(Throwable error) {
        // Reported through the response future, in order after the chunks already posted.
    }

    @Override
    public void onComplete() {
        // Reported through the response future, in order after the chunks already posted.
    }

    /** Parses a chunk; runs on the engine's actor. */
    void feed(List<ByteBuffer> chunk) {
        for (ByteBuffer buffer : chunk) {
            parser.feed(buffer);
        }
    }

    /** Asks for the next chunk once the previous one is fully dispatched. */
    void requestMore() {
        touch();
        Flow.Subscription s = subscription;
        if (s != null && !stopped) {
            s.request(1);
        }
    }

    String lastEventId() {
        return parser.lastEventId();
    }

    void resumeFrom(String id) {
        parser.lastEventId(id);
    }

    void markOpened() {
        opened = true;
        openedAt = System.nanoTime();
    }

    boolean opened() {
        return opened;
    }

    Duration openFor() {
        return opened ? Duration.ofNanos(System.nanoTime() - openedAt) : Duration.ZERO;
    }

    /** Stops everything: watchdog, body, request. Safe to call more than once. */
    void cancel() {
        stopped = true;
        ScheduledFuture<?> w = watchdog;
        if (w != null) {
            w.cancel(false);
        }
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        if (response != null) {
            response.cancel(true);
        }
    }

    private void touch() {
        lastActivity = System.nanoTime();
    }

    private void armWatchdog(long delayNanos) {
        if (!stopped) {
            watchdog = config.scheduler().schedule(
                    () -> engine.post(this::checkSilence), delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    // Runs on the actor, after any chunk being dispatched has finished, so a slow
    // listener is never mistaken for a silent server.
    private void checkSilence() {
        if (stopped) {
            return;
        }
        long quiet = System.nanoTime() - lastActivity;
        if (quiet >= timeoutNanos) {
            engine.streamSilent(this, Duration.ofNanos(quiet));
        } else {
            armWatchdog(timeoutNanos - quiet);
        }
    }
}

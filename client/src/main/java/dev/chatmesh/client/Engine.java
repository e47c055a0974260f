package dev.chatmesh.client;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The state machine of one client. Every method except {@link #connect()}, {@link #close()}
 * and the getters runs on the client's {@link SerialExecutor}, so the fields below the
 * volatiles need no locks. Callbacks from attempts that are no longer current are ignored:
 * a cancelled request may still report after its replacement has started.
 */
final class Engine {

    private final ClientConfig config;
    private final Listeners listeners;
    private final SerialExecutor actor;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;
    private volatile ConnectionState publicState = ConnectionState.NEW;
    private volatile String lastEventId;

    private ConnectionState state = ConnectionState.NEW;
    private Backoff backoff;
    private int failures;
    private StreamAttempt stream;
    private boolean probing;
    private PollAttempt poll;
    private ScheduledFuture<?> retryTimer;
    private ScheduledFuture<?> probeTimer;

    Engine(ClientConfig config) {
        this.config = config;
        this.listeners = config.listeners();
        this.actor = new SerialExecutor(config.callbackExecutor());
        this.backoff = config.backoff();
        this.lastEventId = config.initialLastEventId();
    }

    void connect() {
        if (closed) {
            throw new IllegalStateException("client is closed");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("connect() was already called");
        }
        post(() -> {
            if (state == ConnectionState.NEW) {
                move(ConnectionState.CONNECTING, new Cause.Requested());
                openStream();
            }
        });
    }

    void close() {
        closed = true;
        post(() -> finish(ConnectionState.CLOSED, new Cause.Requested()));
    }

    ConnectionState state() {
        return publicState;
    }

    String lastEventId() {
        return lastEventId;
    }

    void post(Runnable task) {
        actor.execute(task);
    }

    // ---- stream ----

    private void openStream() {
        stream = new StreamAttempt(this, config, lastEventId);
        try {
            stream.start();
        } catch (RuntimeException e) {
            // A header the HTTP client refuses, say; fail this attempt like any I/O error.
            streamFinished(stream, null, e);
        }
    }

    void streamOpened(StreamAttempt attempt) {
        if (attempt != stream) {
            return;
        }
        attempt.markOpened();
        failures = 0;
        if (probing) {
            probing = false;
            cancel(probeTimer);
            probeTimer = null;
        }
        move(ConnectionState.OPEN, new Cause.Opened());
    }

    void streamChunk(StreamAttempt attempt, List<ByteBuffer> chunk) {
        if (attempt != stream) {
            attempt.cancel();
            return;
        }
        attempt.feed(chunk);
        // An event in the chunk may have ended this attempt (revoked, close()).
        if (attempt == stream) {
            lastEventId = attempt.lastEventId();
            attempt.requestMore();
        }
    }

    void streamEvent(StreamAttempt attempt, SseEvent event) {
        if (attempt != stream || closed) {
            return;
        }
        lastEventId = event.id();
        if (event.type().equals("ready") && event.id().isEmpty()) {
            // Resume from the head the server announced, so a drop before the first
            // event still reconnects without a gap.
            String head = PollPage.headIdOf(event.data());
            if (!head.isEmpty()) {
                attempt.resumeFrom(head);
                lastEventId = head;
            }
        }
        listeners.event(event);
        if (event.type().equals("revoked")) {
            finish(ConnectionState.CLOSED, new Cause.Revoked());
        }
    }

    void streamComment(StreamAttempt attempt, String comment) {
        if (attempt == stream && !closed) {
            listeners.comment(comment);
        }
    }

    void streamRetry(StreamAttempt attempt, long millis) {
        if (attempt == stream) {
            backoff = backoff.withBase(Duration.ofMillis(Math.max(1, millis)));
        }
    }

    void streamSilent(StreamAttempt attempt, Duration quiet) {
        if (attempt != stream) {
            return;
        }
        stream = null;
        attempt.cancel();
        streamFailed(attempt, new Cause.Silent(quiet));
    }

    void streamFinished(StreamAttempt attempt, HttpResponse<Void> answer, Throwable error) {
        if (attempt != stream) {
            return;
        }
        stream = null;
        attempt.cancel();
        if (error != null) {
            streamFailed(attempt, new Cause.IoError(unwrap(error)));
        } else if (attempt.opened()) {
            streamFailed(attempt, new Cause.StreamEnded());
        } else {
            int status = answer.statusCode();
            if (status == 200) {
                String type = answer.headers().firstValue("Content-Type").orElse("");
                finish(ConnectionState.FAILED, new Cause.NotEventStream(type));
            } else if (status == 204) {
                finish(ConnectionState.CLOSED, new Cause.HttpStatus(status));
            } else if (status == 408 || status == 429 || status >= 500) {
                streamFailed(attempt, new Cause.HttpStatus(status));
            } else {
                finish(ConnectionState.FAILED, new Cause.HttpStatus(status));
            }
        }
    }

    private void streamFailed(StreamAttempt attempt, Cause cause) {
        if (attempt.opened() && attempt.openFor().compareTo(config.stablePeriod()) >= 0) {
            backoff = backoff.reset();
        }
        if (!attempt.opened()) {
            failures++;
        }
        if (probing) {
            probing = false;
            startPolling();
        } else if (config.pollingEnabled() && failures >= config.pollAfterFailures()) {
            move(ConnectionState.POLLING, cause);
            startPolling();
        } else {
            move(ConnectionState.RECONNECTING, cause);
            retryTimer = schedule(nextDelay(), () -> {
                if (state == ConnectionState.RECONNECTING && stream == null) {
                    openStream();
                }
            });
        }
    }

    // ---- polling ----

    private void startPolling() {
        if (probeTimer == null) {
            probeTimer = schedule(config.probeInterval(), this::probe);
        }
        pollNow();
    }

    private void pollNow() {
        if (state == ConnectionState.POLLING && !probing && poll == null) {
            poll = new PollAttempt(this, config, lastEventId);
            poll.start();
        }
    }

    void pollFinished(PollAttempt attempt, HttpResponse<String> answer, Throwable error) {
        if (attempt != poll) {
            return;
        }
        poll = null;
        if (error != null) {
            retryPoll();
            return;
        }
        int status = answer.statusCode();
        if (status == 401 || status == 403) {
            finish(ConnectionState.FAILED, new Cause.HttpStatus(status));
            return;
        }
        if (status != 200) {
            retryPoll();
            return;
        }
        PollPage page;
        try {
            page = PollPage.parse(answer.body());
        } catch (IOException e) {
            retryPoll();
            return;
        }
        deliver(page);
        backoff = backoff.reset();
        pollNow();
    }

    private void deliver(PollPage page) {
        if (closed) {
            return;
        }
        page.reset().ifPresent(reset -> {
            lastEventId = reset.id().isEmpty() ? page.headId() : reset.id();
            listeners.event(new SseEvent(reset.type(), reset.data(), lastEventId));
        });
        for (SseEvent event : page.events()) {
            if (closed || state != ConnectionState.POLLING) {
                return;
            }
            if (!event.id().isEmpty()) {
                lastEventId = event.id();
            }
            listeners.event(event);
            if (event.type().equals("revoked")) {
                finish(ConnectionState.CLOSED, new Cause.Revoked());
            }
        }
        if (page.events().isEmpty() && page.reset().isEmpty() && lastEventId.isEmpty()) {
            lastEventId = page.headId();
        }
    }

    private void retryPoll() {
        retryTimer = schedule(nextDelay(), this::pollNow);
    }

    // Pauses polling while the stream is tried, so the stream resumes exactly where polling
    // stopped and nothing arrives twice.
    private void probe() {
        probeTimer = null;
        if (state != ConnectionState.POLLING || probing) {
            return;
        }
        if (poll != null) {
            poll.cancel();
            poll = null;
        }
        cancel(retryTimer);
        probing = true;
        openStream();
    }

    // ---- common ----

    private void finish(ConnectionState terminal, Cause cause) {
        if (state.isTerminal()) {
            return;
        }
        closed = true;
        if (stream != null) {
            stream.cancel();
            stream = null;
        }
        if (poll != null) {
            poll.cancel();
            poll = null;
        }
        cancel(retryTimer);
        cancel(probeTimer);
        retryTimer = null;
        probeTimer = null;
        probing = false;
        move(terminal, cause);
    }

    private void move(ConnectionState next, Cause cause) {
        if (next == state) {
            return;
        }
        StateChange change = new StateChange(state, next, cause);
        state = next;
        publicState = next;
        listeners.state(change);
    }

    private Duration nextDelay() {
        Backoff.Step step = backoff.next(config.random());
        backoff = step.next();
        return step.delay();
    }

    private ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return config.scheduler().schedule(() -> post(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}

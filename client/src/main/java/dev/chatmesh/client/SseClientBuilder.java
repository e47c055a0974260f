package dev.chatmesh.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Collects the settings and listeners of an {@link SseClient}; {@link #build()} validates
 * them once. Not thread-safe. Defaults: backoff 1 s doubling to 30 s, stable after 30 s,
 * heartbeat timeout 37.5 s, polling after 3 failed attempts, 100 events per poll, wait 25 s,
 * stream probe every 30 s.
 */
public final class SseClientBuilder {

    private final URI streamUri;
    private URI pollUri;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private String lastEventId = "";
    private Backoff backoff = Backoff.defaults();
    private Duration stablePeriod = Duration.ofSeconds(30);
    private Duration heartbeatTimeout = Duration.ofMillis(37_500);
    private int pollAfterFailures = 3;
    private int pollLimit = 100;
    private Duration pollWait = Duration.ofSeconds(25);
    private Duration probeInterval = Duration.ofSeconds(30);
    private HttpClient httpClient;
    private Executor callbackExecutor;
    private ScheduledExecutorService scheduler;
    private RandomGenerator random;
    private final Map<String, List<Consumer<SseEvent>>> byType = new LinkedHashMap<>();
    private final List<Consumer<SseEvent>> allEvents = new ArrayList<>();
    private final List<Consumer<String>> comments = new ArrayList<>();
    private final List<Consumer<StateChange>> states = new ArrayList<>();

    SseClientBuilder(URI streamUri) {
        this.streamUri = Objects.requireNonNull(streamUri, "streamUri");
    }

    /** Adds a request header sent on every stream and poll request. */
    public SseClientBuilder header(String name, String value) {
        headers.computeIfAbsent(Objects.requireNonNull(name, "name"), n -> new ArrayList<>())
                .add(Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Sends {@code Authorization: Bearer <token>}. */
    public SseClientBuilder bearerToken(String token) {
        return header("Authorization", "Bearer " + token);
    }

    /** Sends {@code X-Company-Id}, choosing the company whose events to receive. */
    public SseClientBuilder companyId(String companyId) {
        return header("X-Company-Id", companyId);
    }

    /** Resumes from this id on the first request, as if an earlier connection had seen it. */
    public SseClientBuilder lastEventId(String id) {
        this.lastEventId = Objects.requireNonNull(id, "id");
        return this;
    }

    /** Calls {@code listener} for every event of type {@code type}, before the all-event listeners. */
    public SseClientBuilder onEvent(String type, Consumer<SseEvent> listener) {
        byType.computeIfAbsent(Objects.requireNonNull(type, "type"), t -> new ArrayList<>())
                .add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Calls {@code listener} for every event, whatever its type. */
    public SseClientBuilder onEvent(Consumer<SseEvent> listener) {
        allEvents.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Calls {@code listener} for every comment line, such as the {@code ping} heartbeat. */
    public SseClientBuilder onComment(Consumer<String> listener) {
        comments.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Calls {@code listener} on every change of {@link ConnectionState}. */
    public SseClientBuilder onStateChange(Consumer<StateChange> listener) {
        states.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Sets the reconnect delay strategy; a server {@code retry:} field later replaces its base. */
    public SseClientBuilder backoff(Backoff backoff) {
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        return this;
    }

    /** Sets how long a stream must stay open before the backoff starts again from its base. */
    public SseClientBuilder stablePeriod(Duration period) {
        this.stablePeriod = period;
        return this;
    }

    /** Sets how long a connection may receive nothing at all, not even a comment, before it is dropped. */
    public SseClientBuilder heartbeatTimeout(Duration timeout) {
        this.heartbeatTimeout = timeout;
        return this;
    }

    /** Falls back to long-polling after this many consecutive failed stream attempts. */
    public SseClientBuilder pollingFallbackAfter(int failedAttempts) {
        this.pollAfterFailures = failedAttempts;
        return this;
    }

    /** Never falls back to long-polling; keeps retrying the stream instead. */
    public SseClientBuilder disablePollingFallback() {
        this.pollAfterFailures = 0;
        return this;
    }

    /** Sets the poll endpoint; by default the stream URI without its {@code /stream} suffix. */
    public SseClientBuilder pollUri(URI uri) {
        this.pollUri = Objects.requireNonNull(uri, "uri");
        return this;
    }

    /** Sets the {@code limit} of each poll. */
    public SseClientBuilder pollLimit(int limit) {
        this.pollLimit = limit;
        return this;
    }

    /** Sets the {@code wait} of each poll, sent in whole seconds; the server caps it at 30 s. */
    public SseClientBuilder pollWait(Duration wait) {
        this.pollWait = wait;
        return this;
    }

    /** Sets how often, while polling, the stream is tried again. */
    public SseClientBuilder probeInterval(Duration interval) {
        this.probeInterval = interval;
        return this;
    }

    /** Uses this HTTP client; share one across many clients. Default: a shared HTTP/1.1 client. */
    public SseClientBuilder httpClient(HttpClient client) {
        this.httpClient = Objects.requireNonNull(client, "client");
        return this;
    }

    /** Runs listeners and the client's state machine on this executor. Default: shared virtual threads. */
    public SseClientBuilder callbackExecutor(Executor executor) {
        this.callbackExecutor = Objects.requireNonNull(executor, "executor");
        return this;
    }

    /** Uses this scheduler for timers; it only hands tasks on and never runs listeners. Default: one shared thread. */
    public SseClientBuilder scheduler(ScheduledExecutorService scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        return this;
    }

    /** Draws backoff jitter from {@code random}, used by this client only. Default: a fresh {@link SplittableRandom}. */
    public SseClientBuilder random(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
        return this;
    }

    /**
     * Validates the settings and creates an unconnected client.
     *
     * @throws IllegalArgumentException naming the first bad setting
     */
    public SseClient build() {
        String scheme = streamUri.getScheme();
        check("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme),
                "streamUri must be http or https, was " + streamUri);
        positive(stablePeriod, "stablePeriod");
        positive(heartbeatTimeout, "heartbeatTimeout");
        positive(probeInterval, "probeInterval");
        check(pollWait != null && !pollWait.isNegative(), "pollWait must be >= 0, was " + pollWait);
        check(pollAfterFailures >= 0, "pollingFallbackAfter must be >= 0, was " + pollAfterFailures);
        check(pollLimit > 0, "pollLimit must be > 0, was " + pollLimit);
        check(backoff.base().compareTo(backoff.cap()) <= 0, "backoff base must not exceed its cap, was " + backoff);
        check(!lastEventId.contains("\n") && !lastEventId.contains("\r") && !lastEventId.contains("\0"),
                "lastEventId must not contain CR, LF or NUL");
        validateHeaders();
        Map<String, List<String>> frozenHeaders = new LinkedHashMap<>();
        headers.forEach((name, values) -> frozenHeaders.put(name, List.copyOf(values)));
        Map<String, List<Consumer<SseEvent>>> frozenTypes = new LinkedHashMap<>();
        byType.forEach((type, list) -> frozenTypes.put(type, List.copyOf(list)));
        return new SseClient(new ClientConfig(
                streamUri,
                pollUri != null ? pollUri : PollAttempt.baseFor(streamUri),
                frozenHeaders,
                lastEventId,
                backoff,
                stablePeriod,
                heartbeatTimeout,
                pollAfterFailures,
                pollLimit,
                pollWait,
                probeInterval,
                httpClient != null ? httpClient : Defaults.httpClient(),
                callbackExecutor != null ? callbackExecutor : Defaults.callbackExecutor(),
                scheduler != null ? scheduler : Defaults.scheduler(),
                random != null ? random : new SplittableRandom(),
                new Listeners(frozenTypes, allEvents, comments, states)));
    }

    // The HTTP client refuses some header names (Host, Connection, …); say so now, not at the first request.
    private void validateHeaders() {
        HttpRequest.Builder probe = HttpRequest.newBuilder(streamUri);
        headers.forEach((name, values) -> values.forEach(value -> {
            try {
                probe.header(name, value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("header " + name + " is not allowed: " + e.getMessage(), e);
            }
        }));
    }

    private static void positive(Duration value, String name) {
        check(value != null && !value.isNegative() && !value.isZero(), name + " must be positive, was " + value);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}

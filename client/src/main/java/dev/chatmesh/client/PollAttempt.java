package dev.chatmesh.client;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** One long-poll {@code GET /api/events?after=…&limit=…&wait=…}; its outcome goes to the {@link Engine}. */
final class PollAttempt {

    // Time beyond `wait` that a poll may take before it counts as lost.
    private static final Duration GRACE = Duration.ofSeconds(15);

    private final Engine engine;
    private final ClientConfig config;
    private final String after;
    private CompletableFuture<HttpResponse<String>> response;

    PollAttempt(Engine engine, ClientConfig config, String after) {
        this.engine = engine;
        this.config = config;
        this.after = after;
    }

    void start() {
        long waitSeconds = config.pollWait().toSeconds();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(config.pollUri(), after, config.pollLimit(), waitSeconds))
                .GET()
                .header("Accept", "application/json")
                .timeout(config.pollWait().plus(GRACE));
        config.headers().forEach((name, values) -> values.forEach(value -> request.header(name, value)));
        response = config.httpClient().sendAsync(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
        response.whenComplete((answer, error) -> engine.post(() -> engine.pollFinished(this, answer, error)));
    }

    void cancel() {
        if (response != null) {
            response.cancel(true);
        }
    }

    /** The poll URI: {@code base} plus {@code after} (left out when empty), {@code limit} and {@code wait}. */
    static URI uri(URI base, String after, int limit, long waitSeconds) {
        StringBuilder query = new StringBuilder();
        if (base.getRawQuery() != null && !base.getRawQuery().isEmpty()) {
            query.append(base.getRawQuery()).append('&');
        }
        if (!after.isEmpty()) {
            query.append("after=").append(URLEncoder.encode(after, StandardCharsets.UTF_8)).append('&');
        }
        query.append("limit=").append(limit).append("&wait=").append(waitSeconds);
        String text = base.toString();
        int cut = text.indexOf('?');
        return URI.create((cut < 0 ? text : text.substring(0, cut)) + "?" + query);
    }

    /**
     * The poll endpoint that goes with a stream URI: {@code …/api/events/stream?company=7}
     * becomes {@code …/api/events?company=7}; a {@code lastEventId} parameter is dropped.
     */
    static URI baseFor(URI streamUri) {
        String text = streamUri.toString();
        int cut = text.indexOf('?');
        String path = cut < 0 ? text : text.substring(0, cut);
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith("/stream")) {
            path = path.substring(0, path.length() - "/stream".length());
        }
        StringBuilder query = new StringBuilder();
        if (streamUri.getRawQuery() != null) {
            for (String pair : streamUri.getRawQuery().split("&")) {
                if (!pair.isEmpty() && !pair.startsWith("lastEventId=") && !pair.equals("lastEventId")) {
                    query.append(query.isEmpty() ? "" : "&").append(pair);
                }
            }
        }
        return URI.create(query.isEmpty() ? path : path + "?" + query);
    }
}

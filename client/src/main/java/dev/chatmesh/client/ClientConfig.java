package dev.chatmesh.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.random.RandomGenerator;

/** The validated, immutable settings of one client; {@link SseClientBuilder} is the only maker. */
record ClientConfig(
        URI streamUri,
        URI pollUri,
        Map<String, List<String>> headers,
        String initialLastEventId,
        Backoff backoff,
        Duration stablePeriod,
        Duration heartbeatTimeout,
        int pollAfterFailures,
        int pollLimit,
        Duration pollWait,
        Duration probeInterval,
        HttpClient httpClient,
        Executor callbackExecutor,
        ScheduledExecutorService scheduler,
        RandomGenerator random,
        Listeners listeners) {

    ClientConfig {
        headers = Map.copyOf(headers);
    }

    /** Whether the client falls back to long-polling after repeated stream failures. */
    boolean pollingEnabled() {
        return pollAfterFailures > 0;
    }
}

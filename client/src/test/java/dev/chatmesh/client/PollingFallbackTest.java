package dev.chatmesh.client;

import static dev.chatmesh.client.TestClients.eventually;
import static dev.chatmesh.client.TestClients.fast;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PollingFallbackTest {

    // Odd spacing and number forms on purpose: the client must hand over the server's text as is.
    private static final String EVENT_1 = "{\"id\":\"1\",\"type\":\"customer_updated\",\"company_id\":7,"
            + "\"timestamp\":\"2026-11-22T10:15:30.123Z\",\"data\":{\"id\": 5, \"name\":\"Zoë ✓\", \"score\":1.50}}";
    private static final String EVENT_2 = "{\"id\":\"2\",\"type\":\"note_created\",\"company_id\":7,"
            + "\"timestamp\":\"2026-11-22T10:15:31.000Z\",\"data\":{\"id\":9,\"tags\":[\"a\",{\"b\":null}]}}";
    private static final String EMPTY = "{\"events\":[],\"headId\":\"2\"}";

    private TestServer server;
    private RecordingScheduler scheduler;
    private final Recorder recorder = new Recorder();
    private SseClient client;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer();
        scheduler = TestClients.scheduler();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        server.close();
        scheduler.shutdownNow();
    }

    @Test
    void fallsBackToPollingAfterThreeFailedAttemptsAndReturnsToTheStreamWhenItRecovers() {
        AtomicBoolean recovered = new AtomicBoolean();
        server.onStream((ex, n) -> {
            if (!recovered.get()) {
                ex.status(503);
                return;
            }
            ex.openStream();
            ex.write("retry: 10\n\nevent: ready\ndata: {\"headId\":\"3\",\"companyId\":7}\n\n"
                    + "id: 3\nevent: customer_updated\ndata: {\"id\":\"3\"}\n\n");
            ex.holdOpen();
        });
        server.onPoll((ex, n) -> {
            if (n == 1) {
                ex.json("{\"events\":[" + EVENT_1 + ",\n  " + EVENT_2 + "],\"headId\":\"2\"}");
            } else {
                ex.longPollWait(Duration.ofMillis(30));
                ex.json(EMPTY);
            }
        });
        AtomicInteger streamRequestsAtFallback = new AtomicInteger();
        client = fast(server, recorder, scheduler)
                .probeInterval(Duration.ofMillis(150))
                .onStateChange(change -> {
                    if (change.current() == ConnectionState.POLLING) {
                        streamRequestsAtFallback.set(server.streamRequests.size());
                    }
                })
                .build().connect();

        eventually().until(() -> recorder.ids().contains("2"));
        assertThat(streamRequestsAtFallback).hasValue(3);
        assertThat(recorder.events).containsExactly(
                new SseEvent("customer_updated", EVENT_1, "1"),
                new SseEvent("note_created", EVENT_2, "2"));
        assertThat(server.pollRequests.get(0).query("after")).isNull();
        eventually().until(() -> server.pollRequests.size() >= 2);
        assertThat(server.pollRequests.get(1).query("after")).isEqualTo("2");
        assertThat(server.pollRequests.get(1).query("limit")).isEqualTo("100");
        eventually().until(() -> server.streamRequests.size() >= 4);

        recovered.set(true);

        eventually().until(() -> recorder.ids().contains("3"));
        assertThat(client.state()).isEqualTo(ConnectionState.OPEN);
        assertThat(server.streamRequests.get(server.streamRequests.size() - 1).header("Last-Event-ID")).isEqualTo("2");
        assertThat(recorder.types()).containsExactly("customer_updated", "note_created", "ready", "customer_updated");
        assertThat(recorder.states()).containsExactly(ConnectionState.CONNECTING, ConnectionState.RECONNECTING,
                ConnectionState.POLLING, ConnectionState.OPEN);
        assertThat(recorder.changes.get(2).cause()).isEqualTo(new Cause.HttpStatus(503));
    }

    @Test
    void aHistoryTruncatedPollAnswerIsDeliveredAsAResetEventAndPollingGoesOnFromTheHead() {
        String reset = "{\"reason\":\"history_truncated\",\"headId\":\"40\"}";
        server.onStream((ex, n) -> ex.status(503));
        server.onPoll((ex, n) -> {
            if (n == 1) {
                ex.json("{\"events\":[],\"reset\":" + reset + ",\"headId\":\"40\"}");
            } else {
                ex.longPollWait(Duration.ofMillis(30));
                ex.json("{\"events\":[],\"headId\":\"40\"}");
            }
        });
        client = fast(server, recorder, scheduler).lastEventId("3").pollingFallbackAfter(1).build().connect();

        eventually().until(() -> server.pollRequests.size() >= 2);
        assertThat(server.pollRequests.get(0).query("after")).isEqualTo("3");
        assertThat(server.pollRequests.get(1).query("after")).isEqualTo("40");
        assertThat(recorder.events).containsExactly(new SseEvent("reset", reset, "40"));
        assertThat(client.lastEventId()).isEqualTo("40");
    }

    @Test
    void unauthorizedWhilePollingFailsWithoutRetrying() {
        server.onStream((ex, n) -> ex.status(503));
        server.onPoll((ex, n) -> ex.status(401));
        client = fast(server, recorder, scheduler).pollingFallbackAfter(1).build().connect();

        eventually().until(() -> client.state() == ConnectionState.FAILED);
        assertThat(recorder.changes).last().extracting(StateChange::cause).isEqualTo(new Cause.HttpStatus(401));
        assertThat(scheduler.getQueue()).isEmpty();
        assertThat(server.pollRequests).hasSize(1);
    }

    @Test
    void withTheFallbackDisabledTheClientKeepsRetryingTheStream() {
        server.onStream((ex, n) -> {
            if (n <= 5) {
                ex.status(503);
                return;
            }
            ex.openStream();
            ex.write("id: 1\nevent: customer_updated\ndata: {}\n\n");
            ex.holdOpen();
        });
        client = fast(server, recorder, scheduler).disablePollingFallback().build().connect();

        eventually().until(() -> recorder.ids().contains("1"));
        assertThat(server.streamRequests).hasSize(6);
        assertThat(server.pollRequests).isEmpty();
        assertThat(recorder.states()).doesNotContain(ConnectionState.POLLING);
    }
}

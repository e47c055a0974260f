package dev.chatmesh.client;

import static dev.chatmesh.client.TestClients.eventually;
import static dev.chatmesh.client.TestClients.fast;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SseClientTest {

    private static final String READY = "retry: 10\n\nevent: ready\ndata: {\"headId\":\"0\",\"companyId\":7}\n\n";

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

    private static String frame(int id, String type, String data) {
        return "id: " + id + "\nevent: " + type + "\ndata: " + data + "\n\n";
    }

    @Test
    void receivesEventsInOrderWithTypeIdAndDataAndSendsTheConfiguredHeaders() {
        server.onStream((ex, n) -> {
            ex.openStream();
            ex.write(READY + frame(1, "customer_updated", "{\"id\":\"1\"}") + frame(2, "note_created", "{\"id\":\"2\"}"));
            ex.holdOpen();
        });
        List<SseEvent> notes = new java.util.concurrent.CopyOnWriteArrayList<>();
        client = fast(server, recorder, scheduler)
                .bearerToken("t0k")
                .companyId("7")
                .onEvent("note_created", notes::add)
                .build().connect();

        eventually().until(() -> recorder.events.size() == 3);
        assertThat(recorder.events).containsExactly(
                new SseEvent("ready", "{\"headId\":\"0\",\"companyId\":7}", ""),
                new SseEvent("customer_updated", "{\"id\":\"1\"}", "1"),
                new SseEvent("note_created", "{\"id\":\"2\"}", "2"));
        assertThat(notes).containsExactly(new SseEvent("note_created", "{\"id\":\"2\"}", "2"));
        assertThat(client.state()).isEqualTo(ConnectionState.OPEN);
        assertThat(client.lastEventId()).isEqualTo("2");
        assertThat(recorder.states()).containsExactly(ConnectionState.CONNECTING, ConnectionState.OPEN);
        TestServer.Request request = server.streamRequests.get(0);
        assertThat(request.header("Authorization")).isEqualTo("Bearer t0k");
        assertThat(request.header("X-Company-Id")).isEqualTo("7");
        assertThat(request.header("Accept")).isEqualTo("text/event-stream");
        assertThat(request.header("Last-Event-ID")).isNull();
    }

    @Test
    void reconnectsWithLastEventIdAfterTheServerDropsTheConnection() {
        server.onStream((ex, n) -> {
            ex.openStream();
            if (n == 1) {
                ex.write(READY + frame(1, "customer_updated", "{}") + frame(2, "customer_updated", "{}"));
                return;
            }
            ex.write(READY + frame(3, "customer_updated", "{}"));
            ex.holdOpen();
        });
        client = fast(server, recorder, scheduler).build().connect();

        eventually().until(() -> recorder.ids().contains("3"));
        assertThat(recorder.ids()).as("the second ready carries the resumed id").containsExactly("", "1", "2", "2", "3");
        assertThat(server.streamRequests.get(1).header("Last-Event-ID")).isEqualTo("2");
        assertThat(recorder.changes).extracting(StateChange::cause).contains(new Cause.StreamEnded());
        assertThat(recorder.states()).containsExactly(
                ConnectionState.CONNECTING, ConnectionState.OPEN, ConnectionState.RECONNECTING, ConnectionState.OPEN);
    }

    @Test
    void resumesFromTheReadyHeadIdWhenTheStreamDropsBeforeAnyEvent() {
        server.onStream((ex, n) -> {
            ex.openStream();
            ex.write("retry: 10\n\nevent: ready\ndata: {\"headId\":\"40\",\"companyId\":7}\n\n");
            if (n > 1) {
                ex.holdOpen();
            }
        });
        client = fast(server, recorder, scheduler).build().connect();

        eventually().until(() -> server.streamRequests.size() == 2);
        assertThat(server.streamRequests.get(1).header("Last-Event-ID")).isEqualTo("40");
    }

    @Test
    void dropsAndReconnectsAConnectionThatStaysSilentPastTheHeartbeatTimeout() {
        server.onStream((ex, n) -> {
            ex.openStream();
            ex.write(frame(4 + n, "customer_updated", "{}"));
            ex.holdOpen();
        });
        client = fast(server, recorder, scheduler).heartbeatTimeout(Duration.ofMillis(300)).build().connect();

        eventually().until(() -> recorder.ids().contains("6"));
        assertThat(server.streamRequests.get(1).header("Last-Event-ID")).isEqualTo("5");
        StateChange drop = recorder.changes.get(2);
        assertThat(drop.previous()).isEqualTo(ConnectionState.OPEN);
        assertThat(drop.current()).isEqualTo(ConnectionState.RECONNECTING);
        assertThat(drop.cause()).isInstanceOfSatisfying(Cause.Silent.class,
                silent -> assertThat(silent.quiet()).isGreaterThanOrEqualTo(Duration.ofMillis(300)));
    }

    @Test
    void keepsAConnectionWhoseOnlyTrafficIsPingComments() {
        server.onStream((ex, n) -> {
            ex.openStream();
            ex.write(READY);
            for (int i = 0; i < 12; i++) {
                ex.longPollWait(Duration.ofMillis(50));
                ex.write(": ping\n\n");
            }
            ex.write(frame(1, "done", "{}"));
            ex.holdOpen();
        });
        client = fast(server, recorder, scheduler).heartbeatTimeout(Duration.ofMillis(250)).build().connect();

        eventually().until(() -> recorder.types().contains("done"));
        assertThat(server.streamRequests).hasSize(1);
        assertThat(recorder.comments).hasSize(12).containsOnly("ping");
        assertThat(recorder.states()).containsExactly(ConnectionState.CONNECTING, ConnectionState.OPEN);
    }

    @Test
    void retriesAfterIoErrors5xxAnd429() {
        // The JDK client itself may retry a GET once on a dropped connection, so the
        // server breaks two connections to make sure the client sees an I/O error.
        server.onStream((ex, n) -> {
            switch (n) {
                case 1, 2 -> throw new IllegalStateException("server breaks the connection");
                case 3 -> ex.status(503);
                case 4 -> ex.status(429);
                default -> {
                    ex.openStream();
                    ex.write(frame(1, "customer_updated", "{}"));
                    ex.holdOpen();
                }
            }
        });
        client = fast(server, recorder, scheduler).pollingFallbackAfter(10).build().connect();

        eventually().until(() -> recorder.ids().contains("1"));
        assertThat(server.streamRequests).hasSize(5);
        assertThat(recorder.changes.get(1).cause()).isInstanceOf(Cause.IoError.class);
        assertThat(recorder.states()).containsExactly(
                ConnectionState.CONNECTING, ConnectionState.RECONNECTING, ConnectionState.OPEN);
    }

    @Test
    void aServerRetryFieldReplacesTheBackoffBase() {
        server.onStream((ex, n) -> {
            ex.openStream();
            if (n == 1) {
                ex.write("retry: 20\n\n" + frame(1, "customer_updated", "{}"));
                return;
            }
            ex.write(frame(2, "customer_updated", "{}"));
            ex.holdOpen();
        });
        // Configured delays of up to 60 s, and jitter that always picks the largest delay:
        // only the server's 20 ms base lets the reconnect happen within the wait.
        client = fast(server, recorder, scheduler)
                .backoff(Backoff.of(Duration.ofSeconds(60), Duration.ofSeconds(60)))
                .random(new MaxJitter())
                .build().connect();

        eventually().until(() -> recorder.ids().contains("2"));
        assertThat(server.streamRequests.get(1).header("Last-Event-ID")).isEqualTo("1");
    }

    @Test
    void unauthorizedFailsWithoutRetrying() {
        server.onStream((ex, n) -> ex.status(401));
        client = fast(server, recorder, scheduler).build().connect();

        eventually().until(() -> client.state() == ConnectionState.FAILED);
        assertThat(recorder.changes.get(recorder.changes.size() - 1))
                .isEqualTo(new StateChange(ConnectionState.CONNECTING, ConnectionState.FAILED, new Cause.HttpStatus(401)));
        assertThat(scheduler.getQueue()).as("nothing left scheduled").isEmpty();
        assertThat(server.streamRequests).hasSize(1);
    }

    @Test
    void forbiddenFailsWithoutRetrying() {
        server.onStream((ex, n) -> ex.status(403));
        client = fast(server, recorder, scheduler).build().connect();

        eventually().until(() -> client.state() == ConnectionState.FAILED);
        assertThat(recorder.changes).last().extracting(StateChange::cause).isEqualTo(new Cause.HttpStatus(403));
        assertThat(scheduler.getQueue()).isEmpty();
        assertThat(server.streamRequests).hasSize(1);
    }

    @Test
    void aRevokedEventIsDeliveredAndClosesTheClientForGood() {
        server.onStream((ex, n) -> {
            ex.openStream();
            ex.write(READY + frame(1, "customer_updated", "{}") + frame(2, "revoked", "{\"reason\":\"token_expired\"}"));
        });
        client = fast(server, recorder, scheduler).build().connect();

        eventually().until(() -> client.state() == ConnectionState.CLOSED);
        assertThat(recorder.types()).containsExactly("ready", "customer_updated", "revoked");
        assertThat(recorder.changes).last()
                .isEqualTo(new StateChange(ConnectionState.OPEN, ConnectionState.CLOSED, new Cause.Revoked()));
        assertThat(scheduler.getQueue()).isEmpty();
        assertThat(server.streamRequests).hasSize(1);
    }

    @Test
    void noContentClosesTheClientForGood() {
        server.onStream((ex, n) -> ex.status(204));
        client = fast(server, recorder, scheduler).build().connect();

        eventually().until(() -> client.state() == ConnectionState.CLOSED);
        assertThat(recorder.changes).last().extracting(StateChange::cause).isEqualTo(new Cause.HttpStatus(204));
        assertThat(scheduler.getQueue()).isEmpty();
        assertThat(server.streamRequests).hasSize(1);
    }

    @Test
    void closeStopsAnOpenStreamAndSchedulesNothingMore() {
        server.onStream((ex, n) -> {
            ex.openStream();
            ex.write(READY);
            ex.holdOpen();
        });
        client = fast(server, recorder, scheduler).build().connect();
        eventually().until(() -> client.state() == ConnectionState.OPEN);

        client.close();

        eventually().until(() -> recorder.state() == ConnectionState.CLOSED);
        assertThat(recorder.changes).last().extracting(StateChange::cause).isEqualTo(new Cause.Requested());
        assertThat(scheduler.getQueue()).isEmpty();
        assertThat(server.streamRequests).hasSize(1);
    }

    @Test
    void anOkAnswerThatIsNotAnEventStreamFails() {
        server.onStream((ex, n) -> ex.json("{\"hello\":1}"));
        client = fast(server, recorder, scheduler).build().connect();

        eventually().until(() -> client.state() == ConnectionState.FAILED);
        assertThat(recorder.changes).last().extracting(StateChange::cause)
                .isEqualTo(new Cause.NotEventStream("application/json"));
    }
}

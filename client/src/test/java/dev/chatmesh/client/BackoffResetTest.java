package dev.chatmesh.client;

import static dev.chatmesh.client.TestClients.eventually;
import static dev.chatmesh.client.TestClients.fast;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reads the reconnect delays the client asks of its scheduler, with jitter pinned to the ceiling. */
class BackoffResetTest {

    private static final Duration RETRIES = Duration.ofSeconds(1);

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
        client.close();
        server.close();
        scheduler.shutdownNow();
    }

    /** Two failures, then a stream that stays open for {@code openFor}, then a failure, then a stream. */
    private void serve(Duration openFor) {
        server.onStream((ex, n) -> {
            switch (n) {
                case 1, 2, 4 -> ex.status(503);
                case 3 -> {
                    ex.openStream();
                    ex.write("id: 1\nevent: customer_updated\ndata: {}\n\n");
                    ex.longPollWait(openFor);
                }
                default -> {
                    ex.openStream();
                    ex.write("id: 2\nevent: customer_updated\ndata: {}\n\n");
                    ex.holdOpen();
                }
            }
        });
        client = fast(server, recorder, scheduler)
                .backoff(Backoff.of(Duration.ofMillis(10), Duration.ofMillis(500)))
                .random(new MaxJitter())
                .stablePeriod(Duration.ofMillis(100))
                .disablePollingFallback()
                .build().connect();
        eventually().until(() -> recorder.ids().contains("2"));
    }

    @Test
    void aConnectionThatStaysOpenForTheStablePeriodStartsTheBackoffAgainFromTheBase() {
        serve(Duration.ofMillis(400));

        assertThat(scheduler.delaysBelow(RETRIES)).containsExactly(
                Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(10), Duration.ofMillis(20));
    }

    @Test
    void aConnectionThatDropsBeforeTheStablePeriodKeepsTheBackoffGrowing() {
        serve(Duration.ZERO);

        assertThat(scheduler.delaysBelow(RETRIES)).containsExactly(
                Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(80));
    }
}

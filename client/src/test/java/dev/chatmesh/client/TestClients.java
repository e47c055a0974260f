package dev.chatmesh.client;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.awaitility.core.ConditionFactory;

/** Short timings for clients under test, so the whole module's tests stay fast. */
final class TestClients {

    private TestClients() {
    }

    /** A timer pool whose queue is empty once a client has nothing left scheduled. */
    static RecordingScheduler scheduler() {
        return new RecordingScheduler();
    }

    static SseClientBuilder fast(TestServer server, Recorder recorder, ScheduledThreadPoolExecutor scheduler) {
        return recorder.attach(SseClient.builder(server.streamUri()))
                .backoff(Backoff.of(Duration.ofMillis(10), Duration.ofMillis(50)))
                .heartbeatTimeout(Duration.ofSeconds(5))
                .stablePeriod(Duration.ofSeconds(1))
                .probeInterval(Duration.ofSeconds(5))
                .pollWait(Duration.ZERO)
                .scheduler(scheduler)
                .random(new Random(7));
    }

    /** Awaits a condition for at most 5 s, checking often. */
    static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5));
    }
}

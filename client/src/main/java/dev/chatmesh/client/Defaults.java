package dev.chatmesh.client;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The resources every client shares unless its builder supplies its own, so thousands of
 * clients cost one HTTP client, one timer thread and virtual threads for callbacks.
 */
final class Defaults {

    private Defaults() {
    }

    static HttpClient httpClient() {
        return Holder.HTTP;
    }

    static ScheduledExecutorService scheduler() {
        return Holder.SCHEDULER;
    }

    static Executor callbackExecutor() {
        return Holder.CALLBACKS;
    }

    /** Creates the shared resources on first use only. */
    private static final class Holder {

        // HTTP/1.1: one TCP connection per stream, so cancelling a stream closes its socket
        // and a stream never waits on another's HTTP/2 flow control.
        static final HttpClient HTTP = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();

        static final ScheduledExecutorService SCHEDULER = newScheduler();

        static final Executor CALLBACKS = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("chatmesh-client-", 0).factory());

        private static ScheduledExecutorService newScheduler() {
            AtomicInteger count = new AtomicInteger();
            ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "chatmesh-client-timer-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            // Thousands of clients cancel watchdogs all the time; don't keep the dead ones queued.
            scheduler.setRemoveOnCancelPolicy(true);
            return scheduler;
        }
    }
}

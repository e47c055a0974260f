package dev.chatmesh.client;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1, port 0, that plays scripted SSE and poll answers with
 * real bytes on the wire and records every request it gets.
 */
final class TestServer implements AutoCloseable {

    /** What the server does for the n-th request (1-based) to an endpoint. */
    @FunctionalInterface
    interface Script {
        void run(Exchange exchange, int n) throws Exception;
    }

    /** One recorded request. */
    record Request(URI uri, Headers headers) {

        String header(String name) {
            return headers.getFirst(name);
        }

        String query(String name) {
            String raw = uri.getRawQuery();
            if (raw == null) {
                return null;
            }
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                if (key.equals(name)) {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        }
    }

    final List<Request> streamRequests = new CopyOnWriteArrayList<>();
    final List<Request> pollRequests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile Script streamScript = (exchange, n) -> exchange.status(404);
    private volatile Script pollScript = (exchange, n) -> exchange.status(404);

    TestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/api/events/stream", ex -> handle(ex, streamRequests, streamScript));
        server.createContext("/api/events", ex -> handle(ex, pollRequests, pollScript));
        server.start();
    }

    URI streamUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/events/stream");
    }

    void onStream(Script script) {
        streamScript = script;
    }

    void onPoll(Script script) {
        pollScript = script;
    }

    private void handle(HttpExchange ex, List<Request> log, Script script) {
        log.add(new Request(ex.getRequestURI(), ex.getRequestHeaders()));
        try (ex) {
            script.run(new Exchange(ex), log.size());
        } catch (IOException e) {
            // The client went away; that is what several tests do on purpose.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stopping.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    /** The response side of one request, with the few moves the scripts need. */
    final class Exchange {

        private final HttpExchange ex;

        Exchange(HttpExchange ex) {
            this.ex = ex;
        }

        void status(int code) throws IOException {
            ex.sendResponseHeaders(code, -1);
        }

        void openStream() throws IOException {
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.getResponseHeaders().add("Cache-Control", "no-cache");
            ex.sendResponseHeaders(200, 0);
        }

        void write(String text) throws IOException {
            ex.getResponseBody().write(text.getBytes(StandardCharsets.UTF_8));
            ex.getResponseBody().flush();
        }

        void json(String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
        }

        /** Keeps the response open, sending nothing, until the test ends. */
        void holdOpen() throws InterruptedException {
            stopping.await(20, TimeUnit.SECONDS);
        }

        /** Holds the request as a long-poll server does before answering an empty page. */
        void longPollWait(Duration wait) throws InterruptedException {
            stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}

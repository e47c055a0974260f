package dev.chatmesh.server.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a platform's send API (the server's {@code FACEBOOK_API_URL}) on port 0: it
 * accepts every message with the platform's success answer, unless a refusal was scripted; while
 * {@link #hold()} is on it keeps requests waiting, so a test can see a reply still pending.
 */
final class FakeSendApi implements AutoCloseable {

  private final HttpServer server;
  private final Queue<String> refusals = new ConcurrentLinkedQueue<>();
  private final AtomicInteger sent = new AtomicInteger();
  private volatile Semaphore gate = null;

  FakeSendApi() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  /** The base URL to configure as the platform's API. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Keeps every request waiting until {@link #release()}. */
  void hold() {
    gate = new Semaphore(0);
  }

  /** Lets the held requests (and all later ones) through. */
  void release() {
    Semaphore g = gate;
    gate = null;
    if (g != null) {
      g.release(1_000);
    }
  }

  /** The next request is refused as Messenger refuses a bad recipient (400, code 100). */
  void refuseNext(String message) {
    refusals.add(message);
  }

  /** How many messages were accepted. */
  int sent() {
    return sent.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      in.readAllBytes();
    }
    Semaphore g = gate;
    if (g != null) {
      try {
        g.tryAcquire(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    String refusal = refusals.poll();
    int status = refusal == null ? 200 : 400;
    String body = refusal == null
        ? "{\"recipient_id\":\"psid\",\"message_id\":\"m_fake_" + sent.incrementAndGet() + "\"}"
        : "{\"error\":{\"message\":\"" + refusal + "\",\"type\":\"OAuthException\",\"code\":100}}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}

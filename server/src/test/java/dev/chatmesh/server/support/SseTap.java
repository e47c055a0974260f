package dev.chatmesh.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.client.SseEvent;
import dev.chatmesh.client.SseParser;
import dev.chatmesh.server.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * A raw SSE connection for tests: it keeps every byte the server sent, parses it with the
 * client module's WHATWG {@link SseParser}, and lets a test wait (with a deadline) for what it
 * expects. Each event, comment line and {@code retry} field becomes one {@link Frame}; a frame's
 * id is the {@code id:} field of that event alone (the tap clears the parser's last event id
 * after each event), so an event sent without one reads null.
 */
public final class SseTap implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).build();

  private final StringBuilder raw = new StringBuilder();
  private final List<Frame> frames = new ArrayList<>();
  private final SseParser parser = new SseParser(new SseParser.Handler() {
    @Override
    public void onEvent(SseEvent event) {
      frames.add(new Frame(event.id().isEmpty() ? null : event.id(), event.type(), event.data(),
          null, List.of()));
      parser.lastEventId("");
    }

    @Override
    public void onComment(String comment) {
      frames.add(new Frame(null, null, null, null, List.of(comment)));
    }

    @Override
    public void onRetry(long millis) {
      frames.add(new Frame(null, null, null, Long.toString(millis), List.of()));
    }
  });
  private final int status;
  private final HttpHeaders headers;
  private final InputStream body;
  private final Thread reader;
  private volatile boolean ended;

  private SseTap(HttpResponse<InputStream> response) {
    this.status = response.statusCode();
    this.headers = response.headers();
    this.body = response.body();
    this.reader = Thread.ofVirtual().start(this::read);
  }

  /** Opens {@code path} (with its query) as {@code session}; {@code lastEventId} may be null. */
  public static SseTap open(Node server, String path, Api.Session session,
                            String lastEventId) {
    HttpRequest.Builder request = server.api().request(path)
        .timeout(Duration.ofMinutes(5))
        .header("Accept", "text/event-stream");
    if (session != null) {
      request.header("Authorization", "Bearer " + session.token())
          .header("X-Company-Id", Long.toString(session.companyId()));
    }
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    try {
      return new SseTap(HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Opens the company stream of {@code session}. */
  public static SseTap open(Node server, Api.Session session) {
    return open(server, "api/events/stream", session, null);
  }

  private void read() {
    byte[] buffer = new byte[8192];
    try (InputStream in = body) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        synchronized (raw) {
          raw.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
          parser.feed(Arrays.copyOf(buffer, n));
          raw.notifyAll();
        }
      }
    } catch (IOException e) {
      // the connection was cut: that is an end too
    } finally {
      ended = true;
      synchronized (raw) {
        raw.notifyAll();
      }
    }
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The response headers. */
  public HttpHeaders headers() {
    return headers;
  }

  /** Every byte received so far, as text. */
  public String raw() {
    synchronized (raw) {
      return raw.toString();
    }
  }

  /** Whether the server ended or cut the stream. */
  public boolean ended() {
    return ended;
  }

  /** The complete frames received so far. */
  public List<Frame> frames() {
    synchronized (raw) {
      return List.copyOf(frames);
    }
  }

  /** The complete frames that carry an event id, i.e. company events. */
  public List<Frame> events() {
    return frames().stream().filter(f -> f.id() != null && !"reset".equals(f.event())).toList();
  }

  /** Waits until the frames satisfy {@code condition}; fails after {@code timeout}. */
  public List<Frame> await(Predicate<List<Frame>> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (raw) {
      while (true) {
        List<Frame> received = List.copyOf(frames);
        if (condition.test(received)) {
          return received;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || ended) {
          throw new AssertionError("stream did not show what was expected within " + timeout
              + (ended ? " (stream ended)" : "") + "; received:\n" + raw);
        }
        try {
          raw.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  /** Waits for a frame of {@code event} type and returns the first one. */
  public Frame awaitEvent(String event, Duration timeout) {
    return await(frames -> frames.stream().anyMatch(f -> event.equals(f.event())), timeout)
        .stream().filter(f -> event.equals(f.event())).findFirst().orElseThrow();
  }

  /** Waits until at least {@code count} company events arrived; returns them. */
  public List<Frame> awaitEvents(int count, Duration timeout) {
    await(frames -> frames.stream().filter(f -> f.id() != null && !"reset".equals(f.event()))
        .count() >= count, timeout);
    return events();
  }

  /** Waits until the server ends the stream. */
  public void awaitEnd(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (raw) {
      while (!ended) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("stream still open after " + timeout);
        }
        try {
          raw.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException e) {
      // already closed
    }
    reader.interrupt();
  }

  /**
   * One thing the stream said: an event (id, type, data), a comment line, or a retry field.
   *
   * @param id       the event's own {@code id:} field, or null
   * @param event    the event type ({@code message} when the frame named none), or null
   * @param data     the {@code data:} lines joined by newlines, or null
   * @param retry    the {@code retry:} field in milliseconds, or null
   * @param comments the comment line without its colon, or empty
   */
  public record Frame(String id, String event, String data, String retry, List<String> comments) {

    /** The data parsed as JSON. */
    public JsonNode json() {
      return Json.read(data);
    }

    /** The envelope's {@code data} object of a company event. */
    public JsonNode object() {
      return json().get("data");
    }
  }
}

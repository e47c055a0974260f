package dev.chatmesh.server;

import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.SseTap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection that does not get to a request (slow headers, an idle keep-alive) is closed after
 * {@code HEADER_TIMEOUT_SECONDS}; a stream or a held long-poll, which is a request being answered,
 * is not.
 */
class ConnectionTimeoutsTest {

  @RegisterExtension
  static final Node server = Node.sqlite(Map.of("HEADER_TIMEOUT_SECONDS", "1",
      "HEARTBEAT_SECONDS", "1"));
  static final Api api = server.api();

  @Test
  void tenConnectionsThatNeverFinishTheirHeadersAreClosed() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 10; i++) {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(20);
        socket.getOutputStream().write(("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        slow.add(socket);
      }
      // Each keeps trickling one more header line, as slowloris does, until the server hangs up.
      long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
      List<Socket> open = new ArrayList<>(slow);
      int line = 0;
      while (!open.isEmpty() && System.nanoTime() < deadline) {
        line++;
        for (Socket socket : List.copyOf(open)) {
          if (closedByServer(socket, "X-Slow-" + line + ": 1\r\n")) {
            open.remove(socket);
          }
        }
        Thread.sleep(200);
      }
      assertThat(open).as("connections still open after 8 s").isEmpty();
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
    api.call("GET", "health/live", null, null).expect(200);
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterItsAnswer() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(8_000);
      socket.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String answer = readUntilClosed(socket.getInputStream());
      assertThat(answer).startsWith("HTTP/1.1 200").contains("\"UP\"");
    }
  }

  @Test
  void aStreamOutlivesTheHeaderTimeoutOnItsHeartbeats() {
    Api.Session admin = api.signup("Patient Co", "Pat");
    try (SseTap tap = SseTap.open(server, admin)) {
      tap.await(frames -> frames.stream().filter(f -> f.comments().contains("ping")).count() >= 3,
          Duration.ofSeconds(8));
      assertThat(tap.ended()).isFalse();
    }
  }

  @Test
  void aHeldLongPollOutlivesTheHeaderTimeout() {
    Api.Session admin = api.signup("Holding Co", "Hal");
    long headId = api.call("GET", "api/events", null, admin).json().get("headId").asLong();
    Api.Res page = api.call("GET", "api/events?wait=3&after=" + headId, null, admin).expect(200);
    assertThat(page.json().get("events")).isEmpty();
  }

  /** Sends {@code more}; true once the server has closed the connection. */
  private static boolean closedByServer(Socket socket, String more) {
    try {
      socket.getOutputStream().write(more.getBytes(StandardCharsets.US_ASCII));
      return socket.getInputStream().read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /** Everything the server sends until it closes; a read timeout means it never did. */
  private static String readUntilClosed(InputStream in) throws IOException {
    StringBuilder text = new StringBuilder();
    byte[] buffer = new byte[4096];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
    }
    return text.toString();
  }
}

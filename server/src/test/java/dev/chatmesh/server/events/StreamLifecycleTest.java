package dev.chatmesh.server.events;

import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.SseTap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** When and how the server ends streams: revocation, expiry, logout, limits, slow readers. */
class StreamLifecycleTest {

  static final Duration WAIT = Duration.ofSeconds(10);
  @RegisterExtension
  static final Node server = Node.sqlite(Map.of("STREAM_LIMIT_PER_ACCOUNT", "3",
      "STREAM_LIMIT_PER_COMPANY", "5", "STREAM_QUEUE_BYTES", "65536"));
  static final Api api = server.api();

  @Test
  void removingAnEmployeeSendsRevokedAndClosesTheirStreamWithinASecond() {
    Api.Session admin = api.signup("Revoke Co", "Rex");
    Api.Session agent = api.invite(admin, "Gone Soon", "agent");
    try (SseTap agentTap = SseTap.open(server, agent); SseTap adminTap = SseTap.open(server, admin)) {
      agentTap.awaitEvent("ready", WAIT);
      adminTap.awaitEvent("ready", WAIT);
      long removedAt = System.nanoTime();
      api.call("DELETE", "api/employees/" + agent.employeeId(), null, admin).expect(204);
      agentTap.awaitEnd(Duration.ofSeconds(1));
      assertThat((System.nanoTime() - removedAt) / 1_000_000).isLessThan(1_000);
      assertThat(agentTap.frames().getLast().event()).isEqualTo("revoked");
      assertThat(agentTap.frames().getLast().json().get("reason").asText())
          .isEqualTo("membership_ended");
      adminTap.awaitEvent("employee_deleted", WAIT);
      assertThat(adminTap.ended()).isFalse();
      // The revoked stream no longer counts, even if the client keeps the connection alive.
      await().atMost(WAIT).until(() -> server.app().hub().stats(admin.companyId()).streams() == 1);
    }
    Api.Res again = SseTapStatus.of(server, agent);
    assertThat(again.status()).isEqualTo(403);
  }

  @Test
  void loggingOutEndsTheSessionsStreams() {
    Api.Session admin = api.signup("Logout Co", "Lou");
    try (SseTap tap = SseTap.open(server, admin)) {
      tap.awaitEvent("ready", WAIT);
      api.call("POST", "api/auth/logout", null, admin).expect(204);
      tap.awaitEnd(WAIT);
      assertThat(tap.frames().getLast().json().get("reason").asText()).isEqualTo("logged_out");
      await().atMost(WAIT).until(() -> server.app().hub().stats(admin.companyId()).streams() == 0);
    }
  }

  @Test
  void aStreamEndsWithRevokedWhenItsTokenExpires() {
    try (Node shortLived = Node.sqlite(Map.of("TOKEN_TTL_SECONDS", "2",
        "HEARTBEAT_SECONDS", "1")).start()) {
      Api.Session admin = shortLived.api().signup("Expiry Co", "Eve");
      try (SseTap tap = SseTap.open(shortLived, admin)) {
        tap.awaitEvent("ready", WAIT);
        tap.awaitEnd(Duration.ofSeconds(5));
        assertThat(tap.frames().getLast().event()).isEqualTo("revoked");
        assertThat(tap.frames().getLast().json().get("reason").asText())
            .isEqualTo("token_expired");
      }
    }
  }

  @Test
  void streamsBeyondTheAccountOrCompanyLimitAreAnswered429() {
    Api.Session admin = api.signup("Limit Co", "Lim");
    Api.Session agent = api.invite(admin, "Second", "agent");
    SseTap[] open = new SseTap[5];
    try {
      for (int i = 0; i < 3; i++) {
        open[i] = SseTap.open(server, admin);
        open[i].awaitEvent("ready", WAIT);
      }
      Api.Res overAccount = SseTapStatus.of(server, admin);
      assertThat(overAccount.status()).isEqualTo(429);
      assertThat(overAccount.body()).contains("too many open streams");
      for (int i = 3; i < 5; i++) {
        open[i] = SseTap.open(server, agent);
        open[i].awaitEvent("ready", WAIT);
      }
      assertThat(SseTapStatus.of(server, agent).status()).isEqualTo(429);
      open[0].close();
      await().atMost(WAIT).until(() -> server.app().hub().stats(admin.companyId()).streams() == 4);
      try (SseTap again = SseTap.open(server, agent)) {
        assertThat(again.status()).isEqualTo(200);
      }
    } finally {
      for (SseTap tap : open) {
        if (tap != null) {
          tap.close();
        }
      }
    }
  }

  @Test
  void aReaderThatCannotKeepUpIsCutOffWhileAFastOneKeepsReceiving() throws Exception {
    Api.Session admin = api.signup("Slow Co", "Sid");
    String key = api.call("POST", "api/api-keys", Map.of("name", "load"), admin).expect(201)
        .json().get("key").asText();
    try (Socket slow = new Socket()) {
      slow.setReceiveBufferSize(4096);
      slow.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
      OutputStream out = slow.getOutputStream();
      out.write(("GET /api/events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
          + admin.token() + "\r\nAccept: text/event-stream\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      try (SseTap fast = SseTap.open(server, admin)) {
        fast.awaitEvent("ready", WAIT);
        await().atMost(WAIT).until(() -> server.app().hub().stats(admin.companyId()).streams() == 2);
        String pad = "x".repeat(60_000);
        int events = 150;
        for (int i = 0; i < events; i++) {
          api.publish(key, Map.of("type", "bulk", "topic", "bulk",
              "data", Map.of("i", i, "pad", pad))).expect(202);
        }
        fast.awaitEvents(events, Duration.ofSeconds(30));
        await().atMost(WAIT).until(() -> server.app().hub().stats(admin.companyId()).streams() == 1);
        assertThat(fast.ended()).isFalse();
        String metrics = api.call("GET", "metrics", null, null).expect(200).body();
        assertThat(metrics).containsPattern("chatmesh_streams_slow_disconnects_total [1-9]");
      }
    }
  }
}

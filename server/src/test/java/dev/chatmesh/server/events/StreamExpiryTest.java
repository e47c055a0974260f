package dev.chatmesh.server.events;

import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.SseTap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream whose token runs out ends with reason {@code token_expired}, never
 * {@code logged_out}, however its own expiry check and the session sweep interleave.
 */
class StreamExpiryTest {

  @RegisterExtension
  static final Node server = Node.sqlite(Map.of("TOKEN_TTL_SECONDS", "3",
      "SESSION_CHECK_SECONDS", "1"));

  @Test
  void everyStreamWhoseTokenExpiresIsRevokedAsTokenExpiredEvenWithAFrequentSessionSweep() {
    Api api = server.api();
    Api.Session admin = api.signup("Expiring Co", "Ex");
    List<SseTap> taps = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        Api.Session session = api.login(admin.email(), Api.PASSWORD);
        SseTap tap = SseTap.open(server, session);
        taps.add(tap);
        tap.awaitEvent("ready", Duration.ofSeconds(10));
      }
      for (SseTap tap : taps) {
        tap.awaitEnd(Duration.ofSeconds(15));
        assertThat(tap.frames().getLast().event()).isEqualTo("revoked");
        assertThat(tap.frames().getLast().json().get("reason").asText())
            .isEqualTo("token_expired");
      }
    } finally {
      taps.forEach(SseTap::close);
    }
  }
}

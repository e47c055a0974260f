package dev.chatmesh.server.api;

import dev.chatmesh.server.json.Json;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Db;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a load balancer every request comes from its address: the client's own is taken from
 * {@code X-Real-IP}, but only when the request comes from an address in TRUSTED_PROXIES, so
 * login throttling keys on the real client and a client cannot pick its own address.
 */
class ClientAddressTest {

  @Test
  void behindATrustedProxyThrottlingKeysOnTheAddressItNames() {
    try (Node node = Node.with(Db.sqlite(), Map.of("TRUSTED_PROXIES", "127.0.0.1")).start()) {
      Api api = node.api();
      Api.Session victim = api.signup("Proxied Co", "Pat");
      for (int i = 0; i < 21; i++) {
        assertThat(login(api, Api.email("nobody"), "some password", "203.0.113.7").status())
            .isEqualTo(401);
      }
      assertThat(login(api, victim.email(), Api.PASSWORD, "203.0.113.7").status()).isEqualTo(429);
      assertThat(login(api, victim.email(), Api.PASSWORD, "203.0.113.8").status()).isEqualTo(200);
    }
  }

  @Test
  void fromAnUntrustedPeerTheHeaderIsIgnored() {
    try (Node node = Node.with(Db.sqlite(), Map.of()).start()) {
      Api api = node.api();
      Api.Session victim = api.signup("Direct Co", "Dee");
      for (int i = 0; i < 21; i++) {
        assertThat(login(api, Api.email("nobody"), "some password", "198.51.100." + i).status())
            .isEqualTo(401);
      }
      // Every attempt came from 127.0.0.1 whatever the header said: that address is locked.
      assertThat(login(api, victim.email(), Api.PASSWORD, "198.51.100.99").status())
          .isEqualTo(429);
    }
  }

  private static Api.Res login(Api api, String email, String password, String realIp) {
    return api.send(api.request("api/auth/login").header("Content-Type", "application/json")
        .header("X-Real-IP", realIp)
        .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("email", email,
            "password", password)))).build());
  }
}

package dev.chatmesh.server.api;

import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Password guessing is slowed per account and per address: after the free failures a login is
 * 429 with Retry-After, even with the right password, until the lock passes; success resets.
 */
class LoginThrottleTest {

  @RegisterExtension
  static final Node server = Node.sqlite();
  static final Api api = server.api();

  static Api.Res login(String email, String password) {
    return api.call("POST", "api/auth/login", Map.of("email", email, "password", password), null);
  }

  @Test
  void fiveWrongPasswordsLockTheAccountWithRetryAfterUntilTheLockPassesAndSuccessResets() {
    Api.Session admin = api.signup("Guess Co", "Gus");
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
        .until(() -> login(admin.email(), Api.PASSWORD).status() == 200);
    for (int i = 0; i < 5; i++) {
      login(admin.email(), "wrong password " + i).problem(401);
    }
    login(admin.email(), "wrong password 5").problem(401);
    Api.Res locked = login(admin.email(), Api.PASSWORD);
    locked.problem(429);
    assertThat(Long.parseLong(locked.headers().firstValue("retry-after").orElseThrow()))
        .isBetween(1L, 2L);
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
        .until(() -> login(admin.email(), Api.PASSWORD).status() == 200);
    // The success cleared the count: five more failures are answered 401 again.
    for (int i = 0; i < 5; i++) {
      login(admin.email(), "wrong again " + i).problem(401);
    }
  }

  @Test
  void theLockDoublesWithEachFurtherFailure() {
    Api.Session admin = api.signup("Doubling Co", "Dot");
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
        .until(() -> login(admin.email(), Api.PASSWORD).status() == 200);
    for (int i = 0; i < 6; i++) {
      login(admin.email(), "wrong password " + i).problem(401);
    }
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
        .until(() -> login(admin.email(), "wrong password 6").status() == 401);
    Api.Res locked = login(admin.email(), Api.PASSWORD);
    locked.problem(429);
    assertThat(Long.parseLong(locked.headers().firstValue("retry-after").orElseThrow()))
        .isBetween(2L, 3L);
  }

  @Test
  void manyFailuresFromOneAddressLockItForEveryAccount() {
    Api.Session victim = api.signup("Sprayed Co", "Sid");
    // Every test here logs in from 127.0.0.1: a success first starts this address afresh.
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
        .until(() -> login(victim.email(), Api.PASSWORD).status() == 200);
    for (int i = 0; i < 21; i++) {
      login(Api.email("nobody"), "some password").problem(401);
    }
    login(victim.email(), Api.PASSWORD).problem(429);
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
        .until(() -> login(victim.email(), Api.PASSWORD).status() == 200);
  }
}

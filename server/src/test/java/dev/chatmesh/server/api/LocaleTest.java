package dev.chatmesh.server.api;

import dev.chatmesh.server.auth.OldHash;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node whose JVM runs in a Turkish locale (where "I" lower-cases to a dotless "ı") treats
 * e-mails and media types like any other; and a login replaces a password hash of an old cost.
 */
class LocaleTest {

  @RegisterExtension
  static final Node server = Node.sqlite();

  @Test
  void underATurkishLocaleAnUpperCaseEmailAndContentTypeStillWork() {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    try {
      String email = "IRIS-" + System.nanoTime() + "@EXAMPLE.TEST";
      server.api().call("POST", "api/auth/signup", Map.of("companyName", "Istanbul Ltd",
          "name", "Iris", "email", email, "password", Api.PASSWORD), null,
          Map.of("Content-Type", "APPLICATION/JSON")).expect(201);

      Api.Res login = server.api().call("POST", "api/auth/login", Map.of("email",
          email.toLowerCase(Locale.ROOT), "password", Api.PASSWORD), null).expect(200);
      assertThat(login.json().path("account").path("email").asText())
          .isEqualTo(email.toLowerCase(Locale.ROOT));
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void loggingInWithAHashOfAnOlderCostStoresOneOfTodaysCost() {
    Api.Session admin = server.api().signup("Rehash Ltd", "Rita");
    String old = OldHash.of(Api.PASSWORD, 8 * 1024, 1);
    server.database().transaction(handle -> handle.createUpdate(
        "UPDATE accounts SET password_hash = :h WHERE id = :id").bind("h", old)
        .bind("id", admin.accountId()).execute());

    server.api().login(admin.email(), Api.PASSWORD);

    String stored = server.database().read(handle -> handle.createQuery(
            "SELECT password_hash FROM accounts WHERE id = :id").bind("id", admin.accountId())
        .mapTo(String.class).one());
    assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    server.api().login(admin.email(), Api.PASSWORD);
  }
}

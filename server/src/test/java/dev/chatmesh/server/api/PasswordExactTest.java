package dev.chatmesh.server.api;

import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/** A password is taken exactly as typed: spaces at its ends are part of it. */
class PasswordExactTest {

  @RegisterExtension
  static final Node server = Node.sqlite();

  @Test
  void aPasswordWithSpacesAtItsEndsOnlyMatchesWithThem() {
    Api api = server.api();
    String email = Api.email("spacey");
    String password = "  spaced out password  ";
    api.call("POST", "api/auth/signup", Map.of("companyName", "Space Co", "name", "Spacey",
        "email", email, "password", password), null).expect(201);
    api.call("POST", "api/auth/login", Map.of("email", email, "password", password), null)
        .expect(200);
    api.call("POST", "api/auth/login", Map.of("email", email, "password", password.strip()),
        null).problem(401);
  }
}

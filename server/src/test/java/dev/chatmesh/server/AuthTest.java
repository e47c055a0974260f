package dev.chatmesh.server;

import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AuthTest {

  @RegisterExtension
  static final Node server = Node.sqlite(Map.of("TOKEN_TTL_SECONDS", "2"));
  static final Api api = server.api();

  @Test
  void signupCreatesACompanyWithItsFirstAdminAndLogsIn() {
    Api.Session admin = api.signup("Acme", "Ada Admin");
    assertThat(admin.login().get("memberships").get(0).get("role").asText()).isEqualTo("admin");
    Api.Res me = api.call("GET", "api/auth/me", null, admin).expect(200);
    assertThat(me.json().get("account").get("email").asText()).isEqualTo(admin.email());
  }

  @Test
  void loginSetsAnHttpOnlySameSiteCookieThatAuthenticatesRequests() {
    Api.Session admin = api.signup("Cookie Co", "Cora");
    Api.Res login = api.call("POST", "api/auth/login",
        Map.of("email", admin.email(), "password", Api.PASSWORD), null).expect(200);
    String cookie = login.headers().firstValue("set-cookie").orElseThrow();
    assertThat(cookie).contains("chatmesh_session=").containsIgnoringCase("HttpOnly")
        .contains("SameSite=Lax");
    Api.Res viaCookie = api.send(api.request("api/customers")
        .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).GET().build());
    assertThat(viaCookie.status()).isEqualTo(200);
  }

  @Test
  void wrongPasswordAndUnknownAccountAreBoth401() {
    Api.Session admin = api.signup("Locked", "Lee");
    assertThat(api.call("POST", "api/auth/login", Map.of("email", admin.email(),
        "password", "wrong password!"), null).status()).isEqualTo(401);
    assertThat(api.call("POST", "api/auth/login", Map.of("email", "nobody@example.test",
        "password", "wrong password!"), null).status()).isEqualTo(401);
  }

  @Test
  void logoutEndsTheSessionAtOnce() {
    Api.Session admin = api.signup("Bye Co", "Bea");
    api.call("POST", "api/auth/logout", null, admin).expect(204);
    Api.Res after = api.call("GET", "api/customers", null, admin);
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.headers().firstValue("content-type").orElseThrow())
        .startsWith("application/problem+json");
  }

  @Test
  void anExpiredTokenIsRejected() throws InterruptedException {
    Api.Session admin = api.signup("Short Co", "Sam");
    api.call("GET", "api/customers", null, admin).expect(200);
    Thread.sleep(2_500);
    assertThat(api.call("GET", "api/customers", null, admin).status()).isEqualTo(401);
  }

  @Test
  void requestsWithoutOrWithForgedTokensAre401() {
    assertThat(api.call("GET", "api/customers", null, null).status()).isEqualTo(401);
    Api.Res forged = api.send(api.request("api/customers")
        .header("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.bad").GET().build());
    assertThat(forged.status()).isEqualTo(401);
  }

  @Test
  void anAccountInTwoCompaniesNamesOneWithXCompanyIdOrTheCompanyParameter() {
    Api.Session first = api.signup("First Co", "Fay Twofold");
    Api.Session second = api.signup("Second Co", "Sid Second");
    api.join(second, first, "agent");
    api.call("POST", "api/customers", Map.of("name", "First's customer"), first).expect(201);
    api.call("POST", "api/customers", Map.of("name", "Second's customer"), second).expect(201);

    Api.Session fay = api.login(first.email(), Api.PASSWORD);
    assertThat(fay.login().get("memberships")).hasSize(2);
    assertThat(api.call("GET", "api/customers", null, fay.in(first.companyId())).expect(200)
        .body()).contains("First's customer").doesNotContain("Second's customer");
    assertThat(api.call("GET", "api/customers", null, fay.in(second.companyId())).expect(200)
        .body()).contains("Second's customer").doesNotContain("First's customer");
    Api.Res byParameter = api.send(api.request("api/customers?company=" + second.companyId())
        .header("Authorization", "Bearer " + fay.token()).GET().build());
    assertThat(byParameter.expect(200).body()).contains("Second's customer");
    // Her role is per company: admin of the first, agent in the second.
    api.call("GET", "api/api-keys", null, fay.in(first.companyId())).expect(200);
    api.call("GET", "api/api-keys", null, fay.in(second.companyId())).problem(403);
  }

  @Test
  void anAccountInSeveralCompaniesThatNamesNoneIs400() {
    Api.Session first = api.signup("Many Co", "Max Many");
    Api.Session second = api.signup("More Co", "Mo More");
    api.join(second, first, "agent");
    Api.Res res = api.send(api.request("api/customers")
        .header("Authorization", "Bearer " + first.token()).GET().build());
    assertThat(res.problem(400).get("detail").asText()).contains("X-Company-Id");
    // A single membership needs no header.
    Api.Res single = api.send(api.request("api/customers")
        .header("Authorization", "Bearer " + second.token()).GET().build());
    assertThat(single.status()).isEqualTo(200);
  }

  @Test
  void passwordsAreStoredAsArgon2idHashes() {
    Api.Session admin = api.signup("Hash Co", "Hal");
    String stored = server.database().read(h -> h.createQuery(
        "SELECT password_hash FROM accounts WHERE id = :id").bind("id", admin.accountId())
        .mapTo(String.class).one());
    assertThat(stored).startsWith("$argon2id$v=19$").doesNotContain(Api.PASSWORD);
  }
}

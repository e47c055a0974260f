package dev.chatmesh.server.api;

import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Another site's page cannot change anything with a visitor's session cookie: a state change
 * authenticated by the cookie alone is refused when its Origin (or Referer) is foreign, and
 * nothing changes; the node's own pages, CORS_ORIGINS, Bearer callers and webhooks pass.
 */
class OriginCheckTest {

  static final String TRUSTED = "https://app.trusted.test";
  /** No CORS_ORIGINS, the default: no CORS handler stands in front of the check. */
  @RegisterExtension
  static final Node server = Node.sqlite();
  @RegisterExtension
  static final Node withCors = Node.sqlite(Map.of("CORS_ORIGINS", TRUSTED));
  /** Behind a proxy whose address is not the Host the node sees. */
  @RegisterExtension
  static final Node proxied = Node.sqlite(Map.of("PUBLIC_URL", "https://crm.example.test"));
  static final Api api = server.api();

  @Test
  void aForeignPageCannotLogTheVisitorOut() {
    Api.Session admin = api.signup("Csrf Co", "Cy Admin");
    Api.Res refused = api.send(api.request("api/auth/logout")
        .header("Cookie", "chatmesh_session=" + admin.token())
        .header("Content-Type", "text/plain")
        .header("Origin", "https://evil.test")
        .POST(HttpRequest.BodyPublishers.ofString("x")).build());
    assertThat(refused.problem(403).get("detail").asText()).contains("another site");
    assertThat(cookieCall("GET", "api/auth/me", null, admin, null).status())
        .as("the session still works").isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"Origin: https://evil.test", "Origin: null",
      "Origin: http://127.0.0.1.evil.test", "Referer: https://evil.test/page?x=1"})
  void aForeignStateChangeWithTheCookieIsRefusedAndChangesNothing(String header) {
    Api.Session admin = api.signup("Csrf Two", "Cid Admin");
    Snapshot before = Snapshot.of(server);
    String[] parts = header.split(": ", 2);
    for (String method : new String[] {"POST", "PUT", "PATCH", "DELETE"}) {
      Api.Res res = cookieCall(method, "api/customers" + (method.equals("POST") ? "" : "/1"),
          "{\"name\":\"Forged\",\"version\":1}", admin, Map.of(parts[0], parts[1]));
      res.problem(403);
    }
    assertThat(Snapshot.of(server)).isEqualTo(before);
  }

  @Test
  void theNodesOwnPagesAndTrustedOriginsMayChangeThings() {
    Api.Session admin = api.signup("Own Pages", "Opal Admin");
    String own = server.url().replaceAll("/$", "");
    cookieCall("POST", "api/customers", "{\"name\":\"From our page\"}", admin,
        Map.of("Origin", own)).expect(201);
    cookieCall("POST", "api/customers", "{\"name\":\"From our page's link\"}", admin,
        Map.of("Referer", own + "/#/customers")).expect(201);
    cookieCall("POST", "api/customers", "{\"name\":\"From curl\"}", admin, null).expect(201);
    Api.Session elsewhere = withCors.api().signup("Trusting Co", "Tru Admin");
    cookieCall(withCors.api(), "POST", "api/customers", "{\"name\":\"From the trusted app\"}",
        elsewhere, Map.of("Origin", TRUSTED)).expect(201);
  }

  @Test
  void pagesOfThePublicUrlMayChangeThingsAndOthersStillMayNot() {
    Api.Session admin = proxied.api().signup("Proxied Co", "Pru Admin");
    cookieCall(proxied.api(), "POST", "api/customers", "{\"name\":\"Through the proxy\"}", admin,
        Map.of("Origin", "https://crm.example.test")).expect(201);
    cookieCall(proxied.api(), "POST", "api/customers", "{\"name\":\"Forged\"}", admin,
        Map.of("Origin", "https://evil.test")).problem(403);
  }

  @Test
  void bearerCallersAndWebhooksAreNotAskedForAnOrigin() {
    Api.Session admin = api.signup("Bearer Co", "Bea Admin");
    api.call("POST", "api/customers", Map.of("name", "By token"), admin,
        Map.of("Origin", "https://evil.test")).expect(201);
    Api.Res plain = api.send(api.request("webhooks/zalo/999999")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    Api.Res foreign = api.send(api.request("webhooks/zalo/999999")
        .header("Origin", "https://evil.test")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertThat(foreign.status()).isEqualTo(plain.status()).isNotEqualTo(403);
  }

  @Test
  void readsAreLeftToCorsWhichRefusesAnotherOriginWithA403ProblemNotA500() {
    Api.Session admin = api.signup("Read Co", "Rea Admin");
    cookieCall("GET", "api/customers", null, admin, Map.of("Origin", "https://evil.test"))
        .expect(200);
    Api.Session elsewhere = withCors.api().signup("Cors Read Co", "Cor Admin");
    cookieCall(withCors.api(), "GET", "api/customers", null, elsewhere,
        Map.of("Origin", "https://evil.test")).problem(403);
    cookieCall(withCors.api(), "GET", "api/customers", null, elsewhere,
        Map.of("Origin", TRUSTED)).expect(200);
  }

  private static Api.Res cookieCall(String method, String path, String body, Api.Session who,
                                    Map<String, String> headers) {
    return cookieCall(api, method, path, body, who, headers);
  }

  private static Api.Res cookieCall(Api node, String method, String path, String body,
                                    Api.Session who, Map<String, String> headers) {
    HttpRequest.Builder request = node.request(path)
        .header("Cookie", "chatmesh_session=" + who.token())
        .header("X-Company-Id", Long.toString(who.companyId()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (headers != null) {
      headers.forEach(request::header);
    }
    return node.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body)).build());
  }
}

package dev.chatmesh.server;

import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** How the web app's files are served: fresh after a deploy, not frameable, not sniffable. */
class WebServingTest {

  @RegisterExtension
  static final Node server = Node.sqlite();
  static final Api api = server.api();

  @Test
  void theAppIsRevalidatedOnEveryLoadAndCarriesItsSecurityPolicyAsHeaders() {
    Api.Res page = api.call("GET", "", null, null).expect(200);
    assertThat(page.body()).contains("<script type=\"module\"");
    assertThat(page.headers().firstValue("cache-control")).contains("no-cache");
    assertThat(page.headers().firstValue("content-security-policy").orElseThrow())
        .contains("frame-ancestors 'none'").contains("script-src 'self'");
    assertThat(page.headers().firstValue("x-content-type-options")).contains("nosniff");
    Api.Res module = api.call("GET", "js/app/main.js", null, null).expect(200);
    assertThat(module.headers().firstValue("content-type").orElseThrow())
        .contains("javascript");
    String etag = module.headers().firstValue("etag").orElse(null);
    String modified = module.headers().firstValue("last-modified").orElse(null);
    assertThat(etag != null || modified != null).isTrue();
  }

  @Test
  void apiAnswersAlsoCarryTheSecurityHeaders() {
    Api.Res problem = api.call("GET", "api/customers", null, null);
    assertThat(problem.status()).isEqualTo(401);
    assertThat(problem.headers().firstValue("x-content-type-options")).contains("nosniff");
  }

  @Test
  void aPathThatServesNothingIsNotFoundWhateverTheMethod() {
    for (String[] call : new String[][] {{"GET", "static/missing.js"}, {"HEAD", "nope.js"},
        {"POST", "nope.js"}, {"PUT", "js/missing/x.js"}, {"DELETE", "nope"}}) {
      api.call(call[0], call[1], null, null).expect(404);
    }
    api.call("POST", "static/missing.js", null, null).problem(404);
  }

  @Test
  void aWrongMethodOnAnOperationsRouteIsStillNotAllowed() {
    for (String path : new String[] {"health/live", "health/ready", "metrics"}) {
      Api.Res res = api.call("POST", path, null, null);
      res.problem(405);
      assertThat(res.headers().firstValue("allow")).contains("GET");
    }
  }
}

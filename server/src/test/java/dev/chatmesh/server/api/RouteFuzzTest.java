package dev.chatmesh.server.api;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.Routes;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every documented route of a real node (read from {@code /api/openapi.json}, so a new route is
 * fuzzed as soon as it is documented) with fuzzed path ids, query parameters and bodies. A
 * finding is a 5xx, an answer that takes more than 2 s to start, or a problem body in Java's
 * words. Seeds and past findings: {@code RouteFuzzTestInputs/} in the test resources.
 */
class RouteFuzzTest {

  private static final Duration HANG = Duration.ofSeconds(2);
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).build();

  @RegisterExtension
  static final Node server = Node.sqlite();
  private static List<Routes.Operation> operations;
  private static Map<String, String> ids;
  private static Api.Session admin;
  private static int sent;

  @FuzzTest(maxDuration = "60s")
  void noRouteAnswers5xxHangsOrSpeaksJava(FuzzedDataProvider data) throws Exception {
    // Jazzer's SSRF detector flags every connection; this test's own to the node are expected.
    try (SilentCloseable toTheNode = BugDetectors.allowNetworkConnections((host, port) ->
        port == server.port() && (host.equals("localhost") || host.startsWith("127.")))) {
      call(data);
    }
  }

  private static void call(FuzzedDataProvider data) throws Exception {
    setUp();
    Routes.Operation op = data.pickValue(operations);
    StringBuilder path = new StringBuilder(data.consumeBoolean() ? op.fill(ids, "1")
        : op.fill(Map.of(), encode(data.consumeString(30))));
    String separator = "?";
    for (String name : op.query()) {
      // A held long-poll legitimately outlasts the hang limit: it is asked not to wait.
      if (name.equals("wait")) {
        path.append(separator).append("wait=0");
        separator = "&";
      } else if (data.consumeBoolean()) {
        path.append(separator).append(name).append('=').append(encode(data.consumeString(40)));
        separator = "&";
      }
    }
    String body = op.body() ? fuzzedBody(data, op) : null;
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
        .timeout(HANG)
        .header("Authorization", "Bearer " + admin.token())
        .header("X-Company-Id", Long.toString(admin.companyId()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(op.method(), body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    String what = op + " as " + path + (body == null ? "" : " with " + body);
    try {
      HttpResponse<InputStream> res = HTTP.send(request.build(),
          HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = res.body()) {
        assertThat(res.statusCode()).as(what).isLessThan(500);
        boolean stream = res.headers().firstValue("content-type").orElse("")
            .startsWith("text/event-stream");
        if (!stream) {
          String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          assertThat(OwnWordsTest.speaksJava(res.statusCode(), text)).as(what + " -> " + text)
              .isFalse();
        }
      }
    } catch (HttpTimeoutException e) {
      fail("no answer within " + HANG + ": " + what);
    }
  }

  private static String fuzzedBody(FuzzedDataProvider data, Routes.Operation op) {
    if (op.properties().isEmpty() || data.consumeBoolean()) {
      return data.consumeString(400);
    }
    StringBuilder json = new StringBuilder("{");
    for (String property : op.properties()) {
      if (data.consumeBoolean()) {
        if (json.length() > 1) {
          json.append(',');
        }
        json.append('"').append(property).append("\":").append(data.consumeString(60));
      }
    }
    return json.append('}').toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  // Fuzzed calls may demote or remove the caller; a fresh company every few hundred keeps
  // most calls past the session and role checks.
  private static void setUp() {
    if (operations == null) {
      operations = Routes.of(server.api()).stream()
          .filter(op -> !op.path().equals("/api/auth/logout")).toList();
    }
    if (sent++ % 300 == 0) {
      Api api = server.api();
      admin = api.signup("Fuzz Co " + sent, "Fuzz Admin");
      Api.Session agent = api.invite(admin, "Fuzz Agent", "agent");
      String customer = Long.toString(api.call("POST", "api/customers",
          Map.of("name", "Fuzz Customer"), admin).expect(201).id());
      String note = Long.toString(api.call("POST", "api/notes",
          Map.of("customerId", Long.parseLong(customer), "body", "fuzz"), admin).expect(201).id());
      ids = Map.of("/api/customers/{id}#id", customer, "/api/notes/{id}#id", note,
          "/api/employees/{id}#id", Long.toString(agent.employeeId()));
    }
  }
}

package dev.chatmesh.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatmesh.server.json.Json;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.Routes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and mistyped input to every documented route is answered in our own words: a 4xx
 * problem that names no Java class, package or exception, whatever library refused the input.
 */
class OwnWordsTest {

  /** What a problem body must never contain: the vocabulary of a stack trace. */
  static final Pattern JAVA_WORDS = Pattern.compile(
      "com\\.fasterxml|jackson|java\\.|javax\\.|io\\.vertx|io\\.netty|Exception|"
          + "DeserializationFeature|JsonNode|\\bat [a-z]+\\.[a-z]+\\.");

  @RegisterExtension
  static final Node server = Node.sqlite();
  static Api api;
  static Api.Session admin;
  static Map<String, String> ids;

  static final List<String> MALFORMED = List.of("[]", "\"text\"", "42", "null", "{", "{\"a\":1,}",
      "{\"a\":1}{}", "{\"a\":1} x", "{'a':1}", "{\"a\":NaN}", "{\"a\":1e999999}",
      "{\"a\":123456789012345678901234567890}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\x\"}",
      "\u00ff\u00fe{}", "{\"a\":" + "[".repeat(200) + "]".repeat(200) + "}");
  static final List<String> MISTYPED = List.of("{\"k\":\"v\"}", "[1,2]", "\"text\"", "12.5",
      "-1", "0", "99999999999999999999999", "true", "null", "\"\"", "\"\\u0000\"");
  static final List<String> BAD_QUERY = List.of("abc", "-1", "99999999999999999999", "%00",
      "1.5", "", "%E2%82", "[]");

  @BeforeAll
  static void start() {
    api = server.api();
    admin = api.signup("Wordsmith Co", "Wanda Words");
    String customer = Long.toString(api.call("POST", "api/customers", Map.of("name", "Cal Customer"),
        admin).expect(201).id());
    String note = Long.toString(api.call("POST", "api/notes", Map.of("customerId",
        Long.parseLong(customer), "body", "a note"), admin).expect(201).id());
    ids = Map.of("/api/customers/{id}#id", customer, "/api/notes/{id}#id", note,
        "/api/employees/{id}#id", Long.toString(admin.employeeId()));
  }

  @Test
  void malformedAndMistypedBodiesToEveryRouteAreAnsweredWithoutJavaNames() {
    List<String> leaks = new ArrayList<>();
    int sent = 0;
    for (Routes.Operation op : Routes.of(api)) {
      if (!op.body() || op.path().equals("/api/auth/logout")) {
        continue;
      }
      String path = op.fill(ids, "1");
      List<String> bodies = new ArrayList<>(MALFORMED);
      for (String property : op.properties()) {
        for (String value : MISTYPED) {
          bodies.add("{\"" + property + "\":" + value + "}");
        }
      }
      for (String body : bodies) {
        Api.Res res = api.call(op.method(), path, body, admin);
        sent++;
        check(op + " " + body, res, leaks);
      }
    }
    assertThat(sent).isGreaterThan(200);
    assertThat(leaks).isEmpty();
  }

  @Test
  void badQueryValuesToEveryReadAreAnsweredWithoutJavaNames() {
    List<String> leaks = new ArrayList<>();
    int sent = 0;
    for (Routes.Operation op : Routes.of(api)) {
      if (!op.method().equals("GET") || op.streaming()) {
        continue;
      }
      String path = op.fill(ids, "1");
      for (String param : op.query()) {
        for (String value : BAD_QUERY) {
          Api.Res res = api.call("GET", path + "?" + param + "=" + value, null, admin);
          sent++;
          check(op + " ?" + param + "=" + value, res, leaks);
        }
      }
      for (String segment : List.of("abc", "-1", "99999999999999999999", "%00")) {
        if (op.path().contains("{")) {
          Api.Res res = api.call("GET", op.fill(Map.of(), segment), null, admin);
          sent++;
          check(op + " with " + segment, res, leaks);
        }
      }
    }
    assertThat(sent).isGreaterThan(100);
    assertThat(leaks).isEmpty();
  }

  /**
   * Whether an error answer speaks Java. Only what the node wrote counts: the problem's
   * {@code instance} echoes the request's path, and data may hold any word.
   */
  static boolean speaksJava(int status, String body) {
    if (status < 400) {
      return false;
    }
    String text = body;
    try {
      if (Json.MAPPER.readTree(body) instanceof ObjectNode problem) {
        problem.remove("instance");
        text = problem.toString();
      }
    } catch (java.io.IOException notJson) {
      // Judged as the text it is.
    }
    return JAVA_WORDS.matcher(text).find();
  }

  private static void check(String what, Api.Res res, List<String> leaks) {
    if (res.status() >= 500 || speaksJava(res.status(), res.body())) {
      leaks.add(what + " -> " + res.status() + " " + res.body());
    }
  }
}

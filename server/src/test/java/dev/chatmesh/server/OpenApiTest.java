package dev.chatmesh.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.chatmesh.server.inbox.Signatures;
import dev.chatmesh.server.json.Json;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.SseTap;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /api/openapi.json} is true: every route the node's router has is documented, and real
 * answers of every documented operation validate against its schemas, whose objects allow no
 * undocumented field ({@code additionalProperties: false}).
 */
class OpenApiTest {

  @RegisterExtension
  static final Node server = Node.sqlite(Map.of("DELIVERY_MAX_ATTEMPTS", "1"));

  private final Api api = server.api();
  private final List<String> problems = new ArrayList<>();
  private final Set<String> exercised = new TreeSet<>();
  private JsonNode document;
  private SchemaRegistry registry;

  @Test
  void everyRouteOfTheRouterIsInTheDocument() {
    JsonNode doc = api.call("GET", "api/openapi.json", null, null).expect(200).json();
    Set<String> missing = new TreeSet<>();
    for (Route route : server.app().routes().getRoutes()) {
      String path = route.getPath();
      if (path == null || route.methods() == null || path.startsWith("/sandbox/")) {
        continue; // handlers for every path (headers, auth, the web app) and the demo's sandbox
      }
      for (HttpMethod method : route.methods()) {
        if (doc.path("paths").path(template(path)).path(method.name().toLowerCase(Locale.ROOT))
            .isMissingNode()) {
          missing.add(method.name() + " " + path);
        }
      }
    }
    assertThat(missing).as("routes missing from /api/openapi.json").isEmpty();
  }

  @Test
  void realAnswersOfEveryOperationMatchTheDocument() throws Exception {
    document = api.call("GET", "api/openapi.json", null, null).expect(200).json();
    registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    assertThat(document.path("openapi").asText()).startsWith("3.1.");

    check("GET", "/health/live", api.call("GET", "health/live", null, null));
    check("GET", "/health/ready", api.call("GET", "health/ready", null, null));
    check("GET", "/metrics", api.call("GET", "metrics", null, null));

    String email = Api.email("owner");
    Api.Res signup = api.call("POST", "api/auth/signup", Map.of("companyName", "Acme",
        "name", "Ana Owner", "email", email, "password", Api.PASSWORD), null);
    check("POST", "/api/auth/signup", signup);
    check("POST", "/api/auth/signup", api.call("POST", "api/auth/signup", Map.of(), null));
    check("POST", "/api/auth/login", api.call("POST", "api/auth/login",
        Map.of("email", email, "password", "wrong password"), null));
    Api.Res loginRes = api.call("POST", "api/auth/login", Map.of("email", email, "password",
        Api.PASSWORD), null);
    check("POST", "/api/auth/login", loginRes);
    Api.Session admin = api.login(email, Api.PASSWORD);
    check("GET", "/api/auth/me", api.call("GET", "api/auth/me", null, admin));
    check("GET", "/api/auth/me", api.call("GET", "api/auth/me", null, null));

    Api.Res invited = api.call("POST", "api/employees/invitations", Map.of("email",
        Api.email("agent"), "role", "agent", "title", "Support"), admin);
    check("POST", "/api/employees/invitations", invited);
    check("POST", "/api/employees/invitations", api.call("POST", "api/employees/invitations",
        Map.of("email", "not an address"), admin));
    check("GET", "/api/employees/invitations", api.call("GET", "api/employees/invitations",
        null, admin));
    String token = invited.json().path("token").asText();
    check("POST", "/api/invitations/preview", api.call("POST", "api/invitations/preview",
        Map.of("token", token), null));
    Api.Res joined = api.call("POST", "api/invitations/redeem", Map.of("token", token,
        "name", "Bao Agent", "password", Api.PASSWORD), null);
    check("POST", "/api/invitations/redeem", joined);
    check("POST", "/api/invitations/preview", api.call("POST", "api/invitations/preview",
        Map.of("token", token), null));
    long agentId = joined.json().path("memberships").get(0).path("employeeId").asLong();
    Api.Session other = api.signup("Elsewhere", "Oli Other").withoutCompany();
    for (String answer : List.of("decline", "accept")) {
      long id = api.call("POST", "api/employees/invitations", Map.of("email", other.email()),
          admin).expect(201).json().path("invitation").path("id").asLong();
      check("GET", "/api/invitations", api.call("GET", "api/invitations", null, other));
      check("POST", "/api/invitations/{id}/" + answer, api.call("POST", "api/invitations/" + id
          + "/" + answer, null, other));
    }
    long withdrawn = api.call("POST", "api/employees/invitations", Map.of("email",
        Api.email("late")), admin).expect(201).json().path("invitation").path("id").asLong();
    check("DELETE", "/api/employees/invitations/{id}", api.call("DELETE",
        "api/employees/invitations/" + withdrawn, null, admin));
    check("GET", "/api/employees", api.call("GET", "api/employees?q=bao", null, admin));
    check("GET", "/api/employees/{id}", api.call("GET", "api/employees/" + agentId, null, admin));
    check("PATCH", "/api/employees/{id}", api.call("PATCH", "api/employees/" + agentId,
        Map.of("title", "Support", "version", 1), admin));
    check("PUT", "/api/employees/{id}", api.call("PUT", "api/employees/" + agentId,
        Map.of("phone", "+84 1", "version", 2), admin));

    Api.Res customerRes = api.call("POST", "api/customers", Map.of("name", "Linh",
        "email", "linh@example.test", "tags", List.of("vip"), "assignedEmployeeId", agentId),
        admin);
    check("POST", "/api/customers", customerRes);
    long customerId = customerRes.id();
    check("POST", "/api/customers", api.call("POST", "api/customers", Map.of("name", ""), admin));
    check("GET", "/api/customers", api.call("GET", "api/customers?limit=5", null, admin));
    check("GET", "/api/customers/{id}", api.call("GET", "api/customers/" + customerId, null, admin));
    check("GET", "/api/customers/{id}", api.call("GET", "api/customers/999999", null, admin));
    check("PATCH", "/api/customers/{id}", api.call("PATCH", "api/customers/" + customerId,
        Map.of("phone", "+84 2", "version", 1), admin));
    check("PATCH", "/api/customers/{id}", api.call("PATCH", "api/customers/" + customerId,
        Map.of("phone", "+84 3", "version", 1), admin));
    check("PUT", "/api/customers/{id}", api.call("PUT", "api/customers/" + customerId,
        Map.of("phone", "+84 4", "version", 2), admin));

    Api.Res noteRes = api.call("POST", "api/notes", Map.of("customerId", customerId,
        "body", "Called back", "pinned", true, "metadata", Map.of("source", "phone")), admin);
    check("POST", "/api/notes", noteRes);
    long noteId = noteRes.id();
    check("GET", "/api/notes", api.call("GET", "api/notes?customerId=" + customerId, null, admin));
    check("GET", "/api/notes/{id}", api.call("GET", "api/notes/" + noteId, null, admin));
    check("PATCH", "/api/notes/{id}", api.call("PATCH", "api/notes/" + noteId,
        Map.of("body", "Called back twice", "version", 1), admin));
    check("PUT", "/api/notes/{id}", api.call("PUT", "api/notes/" + noteId,
        Map.of("pinned", false, "version", 2), admin));
    check("DELETE", "/api/notes/{id}", api.call("DELETE", "api/notes/" + noteId, null, admin));

    Api.Res activities = api.call("GET", "api/activities?entityType=customer", null, admin);
    check("GET", "/api/activities", activities);
    check("GET", "/api/activities/{id}", api.call("GET", "api/activities/"
        + activities.json().path("items").get(0).path("id").asLong(), null, admin));

    Api.Res notificationRes = api.call("POST", "api/notifications", Map.of("kind", "urgent",
        "title", "Call Linh", "message", "today", "actionUrl", "#/customers/" + customerId,
        "groupKey", "calls", "recipientId", agentId), admin);
    check("POST", "/api/notifications", notificationRes);
    check("GET", "/api/notifications", api.call("GET", "api/notifications", null, admin));
        Api.Res everyone = api.call("POST", "api/notifications", Map.of("kind", "info",
        "title", "Hello"), admin);
    check("GET", "/api/notifications/{id}", api.call("GET", "api/notifications/"
        + everyone.id(), null, admin));
    check("DELETE", "/api/notifications/{id}", api.call("DELETE", "api/notifications/"
        + everyone.id(), null, admin));

    Api.Res keyRes = api.call("POST", "api/api-keys", Map.of("name", "backend"), admin);
    check("POST", "/api/api-keys", keyRes);
    check("GET", "/api/api-keys", api.call("GET", "api/api-keys", null, admin));
    String key = keyRes.json().path("key").asText();
    check("POST", "/api/publish", api.publish(key, Map.of("type", "order.paid",
        "topic", "orders", "data", Map.of("total", 3))));
    check("POST", "/api/publish", api.call("POST", "api/publish", Map.of(), null));
    check("DELETE", "/api/api-keys/{id}", api.call("DELETE", "api/api-keys/" + keyRes.id(),
        null, admin));

    check("GET", "/api/events/stats", api.call("GET", "api/events/stats", null, admin));
    check("GET", "/api/events", api.call("GET", "api/events?after=0&wait=0", null, admin));
    try (SseTap tap = SseTap.open(server, admin)) {
      assertThat(tap.status()).isEqualTo(200);
      assertThat(tap.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
      assertThat(document.at("/paths/~1api~1events~1stream/get/responses/200/content")
          .has("text/event-stream")).as("the stream's documented type").isTrue();
      exercised.add("GET /api/events/stream");
    }

    Api.Res channelRes = api.call("POST", "api/channels", Map.of("platform", "facebook",
        "name", "Shop page", "externalId", "page-1", "secret", "app-secret",
        "verifyToken", "verify-me"), admin);
    check("POST", "/api/channels", channelRes);
    long channelId = channelRes.id();
    check("GET", "/api/channels", api.call("GET", "api/channels", null, admin));
    check("GET", "/api/channels/{id}", api.call("GET", "api/channels/" + channelId, null, admin));
    check("PATCH", "/api/channels/{id}", api.call("PATCH", "api/channels/" + channelId,
        Map.of("accessToken", "page-token", "version", 1), admin));
    check("PUT", "/api/channels/{id}", api.call("PUT", "api/channels/" + channelId,
        Map.of("name", "Shop", "version", 2), admin));

    check("GET", "/webhooks/facebook/{channelId}", api.send(api.request("webhooks/facebook/"
        + channelId + "?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=42")
        .GET().build()));
    String delivery = "{\"object\":\"page\",\"entry\":[{\"id\":\"page-1\",\"time\":1,"
        + "\"messaging\":[{\"sender\":{\"id\":\"user-9\"},\"recipient\":{\"id\":\"page-1\"},"
        + "\"timestamp\":" + System.currentTimeMillis() + ",\"message\":{\"mid\":\"m-1\","
        + "\"text\":\"Hi\"}}]}]}";
    byte[] raw = delivery.getBytes(StandardCharsets.UTF_8);
    check("POST", "/webhooks/facebook/{channelId}", api.send(api.request("webhooks/facebook/"
        + channelId).header("Content-Type", "application/json")
        .header("X-Hub-Signature-256", Signatures.facebook("app-secret", raw))
        .POST(HttpRequest.BodyPublishers.ofByteArray(raw)).build()));
    check("POST", "/webhooks/facebook/{channelId}", api.send(api.request("webhooks/facebook/"
        + channelId).header("X-Hub-Signature-256", "sha256=00")
        .POST(HttpRequest.BodyPublishers.ofByteArray(raw)).build()));
    check("POST", "/webhooks/zalo/{channelId}", api.send(api.request("webhooks/zalo/"
        + channelId).POST(HttpRequest.BodyPublishers.ofString("{}")).build()));
    check("POST", "/webhooks/tiktok/{channelId}", api.send(api.request("webhooks/tiktok/"
        + channelId).POST(HttpRequest.BodyPublishers.ofString("{}")).build()));

    Api.Res conversations = api.call("GET", "api/conversations?channelId=" + channelId, null,
        admin);
    check("GET", "/api/conversations", conversations);
    long conversationId = conversations.json().path("items").get(0).path("id").asLong();
    check("GET", "/api/conversations/{id}", api.call("GET", "api/conversations/"
        + conversationId, null, admin));
    check("POST", "/api/conversations/{id}/read", api.call("POST", "api/conversations/"
        + conversationId + "/read", null, admin));
    check("PATCH", "/api/conversations/{id}", api.call("PATCH", "api/conversations/"
        + conversationId, Map.of("status", "pending", "assigneeId", agentId, "version", 2), admin));
    long version = api.call("GET", "api/conversations/" + conversationId, null, admin).json()
        .path("version").asLong();
    check("PUT", "/api/conversations/{id}", api.call("PUT", "api/conversations/"
        + conversationId, Map.of("status", "open", "version", version), admin));
    Api.Res reply = api.call("POST", "api/conversations/" + conversationId + "/messages",
        Map.of("content", "Hello Linh"), admin);
    check("POST", "/api/conversations/{id}/messages", reply);
    check("GET", "/api/conversations/{id}/messages", api.call("GET", "api/conversations/"
        + conversationId + "/messages?limit=10", null, admin));
    // The reply goes nowhere (no platform here); once it has failed it may be retried.
    await().atMost(Duration.ofSeconds(30)).until(() -> !"pending".equals(api.call("GET",
        "api/conversations/" + conversationId + "/messages?limit=1", null, admin).json()
        .path("items").get(0).path("deliveryStatus").asText()));
    check("POST", "/api/conversations/{cid}/messages/{id}/retry", api.call("POST",
        "api/conversations/" + conversationId + "/messages/" + reply.id() + "/retry", null, admin));

    check("DELETE", "/api/channels/{id}", api.call("DELETE", "api/channels/" + channelId, null,
        admin));
    check("DELETE", "/api/customers/{id}", api.call("DELETE", "api/customers/" + customerId,
        null, admin));
    check("DELETE", "/api/employees/{id}", api.call("DELETE", "api/employees/" + agentId, null,
        admin));
    check("GET", "/api/openapi.json", api.call("GET", "api/openapi.json", null, null));
    check("POST", "/api/auth/logout", api.call("POST", "api/auth/logout", null, admin));

    assertThat(problems).as("answers that do not match /api/openapi.json").isEmpty();
    Set<String> documented = new TreeSet<>();
    document.path("paths").properties().forEach(path -> path.getValue().properties()
        .forEach(op -> documented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey())));
    assertThat(exercised).as("documented operations this test called").isEqualTo(documented);
  }

  /** Validates one answer against the operation's documented response for its status. */
  private void check(String method, String path, Api.Res res) {
    exercised.add(method + " " + path);
    JsonNode operation = document.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
    if (operation.isMissingNode()) {
      problems.add(method + " " + path + ": not documented");
      return;
    }
    String status = Integer.toString(res.status());
    String key = status;
    if (!operation.path("responses").has(key) && res.status() >= 400) {
      key = "default"; // every problem has the one shape
    }
    JsonNode response = operation.path("responses").path(key);
    if (response.isMissingNode()) {
      problems.add(method + " " + path + " answered " + status + ", not documented: " + res.body());
      return;
    }
    JsonNode content = response.path("content");
    String type = res.headers().firstValue("content-type").orElse("").split(";")[0].strip();
    if (content.isMissingNode()) {
      if (!res.body().isEmpty()) {
        problems.add(method + " " + path + " " + status + " has a body, documented none");
      }
      return;
    }
    JsonNode media = content.path(type);
    if (media.isMissingNode()) {
      problems.add(method + " " + path + " " + status + " is " + type + ", documented "
          + content.fieldNames().next() + "…");
      return;
    }
    if (!type.endsWith("json")) {
      return;
    }
    ObjectNode schema = document.deepCopy();
    schema.put("$ref", "#/paths/" + path.replace("~", "~0").replace("/", "~1") + "/"
        + method.toLowerCase(Locale.ROOT) + "/responses/" + key + "/content/"
        + type.replace("/", "~1") + "/schema");
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    Schema validator = registry.getSchema(Json.write(schema), InputFormat.JSON);
    List<Error> errors = validator.validate(res.body(), InputFormat.JSON);
    for (Error error : errors) {
      problems.add(method + " " + path + " " + status + ": " + error.getMessage());
    }
  }

  /** {@code /api/notes/:id} as OpenAPI writes it, {@code /api/notes/{id}}. */
  private static String template(String vertxPath) {
    return vertxPath.replaceAll(":([A-Za-z]+)", "{$1}").replace("{channel}", "{channelId}");
  }
}

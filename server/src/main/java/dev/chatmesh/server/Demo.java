package dev.chatmesh.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.inbox.Platform;
import dev.chatmesh.server.inbox.WebhookCommand;
import dev.chatmesh.server.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * Loads a small demo company through the node's own public API (so it exercises exactly what
 * clients use), unless it is already there, and prints how to log in. Its inbox is filled the
 * way a real one is: one channel per platform, and customers' messages as signed webhook
 * deliveries; replies go to the node's own sandbox (see {@code Sandbox}).
 */
final class Demo {

  static final String EMAIL = "admin@demo.chatmesh.dev";
  static final String PASSWORD = "demo-password";

  private final String base;
  private final HttpClient http = HttpClient.newHttpClient();
  private String token;

  Demo(String base) {
    this.base = base;
  }

  void load() throws Exception {
    HttpResponse<String> signup = post("api/auth/signup", Map.of("companyName", "Acme Demo",
        "name", "Ada Admin", "email", EMAIL, "password", PASSWORD));
    if (signup.statusCode() == 201) {
      token = Json.read(signup.body()).get("token").asText();
      long bobId = join("Bob Agent", "bob@demo.chatmesh.dev", "Support");
      join("Carol Agent", "carol@demo.chatmesh.dev", "Sales");
      String[][] customers = {
          {"Linh Nguyen", "linh@example.com", "+84 90 123 4567"},
          {"Minh Tran", "minh@example.com", "+84 91 234 5678"},
          {"Sara Ortiz", "sara@example.com", "+1 415 555 0101"},
          {"Tom Becker", "tom@example.com", "+49 30 1234567"}};
      for (String[] c : customers) {
        JsonNode customer = body(post("api/customers", Map.of("name", c[0], "email", c[1],
            "phone", c[2], "tags", List.of("demo"), "assignedEmployeeId", bobId)));
        post("api/notes", Map.of("customerId", customer.get("id").asLong(),
            "body", "First contact with " + c[0] + " via the demo.", "pinned", false,
            "metadata", Map.of("source", "demo")));
      }
      inbox(bobId);
    }
    System.out.println("Demo company loaded. Log in as " + EMAIL + " / " + PASSWORD
        + " (agents: bob@demo.chatmesh.dev, carol@demo.chatmesh.dev, same password)");
    System.out.println("Watch a customer's message arrive live: ./chatmesh webhook facebook "
        + "--channel " + channelId(Platform.FACEBOOK) + " --to " + CHANNELS.get(Platform.FACEBOOK)
        + " --secret " + secret(Platform.FACEBOOK) + " --text \"Hi there\" --url " + base);
  }

  /**
   * Invites an agent and redeems the link as them, the way a new colleague joins; returns
   * their employee id.
   */
  private long join(String name, String email, String title) throws Exception {
    String invitation = body(post("api/employees/invitations", Map.of("email", email,
        "role", "agent", "title", title))).get("token").asText();
    return body(post("api/invitations/redeem", Map.of("token", invitation, "name", name,
        "password", PASSWORD))).get("memberships").get(0).get("employeeId").asLong();
  }

  /** The demo channels' accounts (Page, OA, business id); their secrets are demo-<platform>-secret. */
  private static final Map<Platform, String> CHANNELS = Map.of(Platform.FACEBOOK, "104857600123",
      Platform.ZALO, "4318675309112233", Platform.TIKTOK, "biz-demo-7001");

  private static String secret(Platform platform) {
    return "demo-" + platform.id() + "-secret";
  }

  /** Channel ids by platform, as created (or found) in the demo company. */
  private final Map<Platform, Long> channels = new java.util.EnumMap<>(Platform.class);

  private long channelId(Platform platform) {
    return channels.getOrDefault(platform, 0L);
  }

  /** One channel per platform and a few conversations, the customers writing in by webhook. */
  private void inbox(long bobId) throws Exception {
    for (Platform platform : Platform.values()) {
      channels.put(platform, body(post("api/channels", Map.of("platform", platform.id(),
          "name", "Acme on " + platform.title(), "externalId", CHANNELS.get(platform),
          "secret", secret(platform), "accessToken", "demo-" + platform.id() + "-token",
          "verifyToken", "demo-verify"))).get("id").asLong());
    }
    String[][] threads = {
        {"facebook", "Mai Pham", "Hi! Do you ship to Da Nang?", "And how long does it take?"},
        {"facebook", "Jonas Weber", "My order #1042 has not arrived yet."},
        {"zalo", "Khoa Vo", "Chào shop, còn hàng size M không?"},
        {"tiktok", "Ana Lima", "Saw your video, is the blue one still available?"}};
    int n = 0;
    for (String[] thread : threads) {
      Platform platform = Platform.of(thread[0]);
      String user = Long.toString(7_100_000_000_000_000L + ++n);
      WebhookCommand customer = new WebhookCommand(platform, base, channelId(platform),
          CHANNELS.get(platform), secret(platform), user);
      for (int i = 2; i < thread.length; i++) {
        HttpResponse<String> answer = customer.send("demo-" + n + "-" + i, thread[i]);
        if (answer.statusCode() != 200) {
          throw new IllegalStateException("demo webhook failed: " + answer.body());
        }
      }
      JsonNode conversation = body(get("api/conversations?channelId=" + channelId(platform)
          + "&limit=1")).get("items").get(0);
      JsonNode who = conversation.get("customer");
      patch("api/customers/" + who.get("id").asLong(), Map.of("version", who.get("version").asInt(),
          "name", thread[1], "tags", List.of("demo", platform.id())));
      if (n == 2) {
        patch("api/conversations/" + conversation.get("id").asLong(), Map.of("version",
            conversation.get("version").asInt(), "assigneeId", bobId, "status", "pending"));
      }
    }
  }

  private JsonNode body(HttpResponse<String> response) {
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException("demo setup failed: " + response.statusCode() + " "
          + response.body());
    }
    return Json.read(response.body());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  private JsonNode patch(String path, Object body) throws IOException, InterruptedException {
    return body(send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(Json.write(body)))));
  }

  private HttpResponse<String> post(String path, Object body)
      throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))));
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}

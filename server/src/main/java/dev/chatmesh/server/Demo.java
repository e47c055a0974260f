package dev.chatmesh.server;

import com.fasterxml.jackson.databind.JsonNode;
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
 * clients use), unless it is already there, and prints how to log in.
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

  void load() throws IOException, InterruptedException {
    HttpResponse<String> signup = post("api/auth/signup", Map.of("companyName", "Acme Demo",
        "name", "Ada Admin", "email", EMAIL, "password", PASSWORD));
    if (signup.statusCode() == 201) {
      token = Json.read(signup.body()).get("token").asText();
      JsonNode bob = body(post("api/employees", Map.of("name", "Bob Agent",
          "email", "bob@demo.chatmesh.dev", "password", PASSWORD, "role", "agent",
          "title", "Support")));
      post("api/employees", Map.of("name", "Carol Agent", "email", "carol@demo.chatmesh.dev",
          "password", PASSWORD, "role", "agent", "title", "Sales"));
      String[][] customers = {
          {"Linh Nguyen", "linh@example.com", "+84 90 123 4567"},
          {"Minh Tran", "minh@example.com", "+84 91 234 5678"},
          {"Sara Ortiz", "sara@example.com", "+1 415 555 0101"},
          {"Tom Becker", "tom@example.com", "+49 30 1234567"}};
      for (String[] c : customers) {
        JsonNode customer = body(post("api/customers", Map.of("name", c[0], "email", c[1],
            "phone", c[2], "tags", List.of("demo"), "assignedEmployeeId", bob.get("id").asLong())));
        post("api/notes", Map.of("customerId", customer.get("id").asLong(),
            "body", "First contact with " + c[0] + " via the demo.", "pinned", false,
            "metadata", Map.of("source", "demo")));
      }
    }
    System.out.println("Demo company loaded. Log in as " + EMAIL + " / " + PASSWORD
        + " (agents: bob@demo.chatmesh.dev, carol@demo.chatmesh.dev, same password)");
  }

  private JsonNode body(HttpResponse<String> response) {
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException("demo setup failed: " + response.statusCode() + " "
          + response.body());
    }
    return Json.read(response.body());
  }

  private HttpResponse<String> post(String path, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}

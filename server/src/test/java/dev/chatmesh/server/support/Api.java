package dev.chatmesh.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.Locale;

/**
 * A small JSON client for one test node's public API; it finds the node's address when it
 * sends, so it can be made before the node starts.
 */
public final class Api {

  /** The password every test account gets. */
  public static final String PASSWORD = "correct horse battery";
  private static final AtomicInteger UNIQUE = new AtomicInteger();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private final Supplier<String> base;

  /** A client for the node at {@code base}, asked on every request so restarts are followed. */
  Api(Supplier<String> base) {
    this.base = base;
  }

  /** A unique e-mail address for this run. */
  public static String email(String who) {
    return who + "-" + UNIQUE.incrementAndGet() + "-" + System.nanoTime() % 100000
        + "@example.test";
  }

  /** Signs up a new company with its first admin. */
  public Session signup(String company, String name) {
    String email = email(name.toLowerCase(Locale.ROOT).replace(' ', '.'));
    Res res = call("POST", "api/auth/signup", Map.of("companyName", company, "name", name,
        "email", email, "password", PASSWORD), null);
    res.expect(201);
    return Session.from(res.json(), email);
  }

  /** Logs in. */
  public Session login(String email, String password) {
    Res res = call("POST", "api/auth/login", Map.of("email", email, "password", password), null);
    res.expect(200);
    return Session.from(res.json(), email);
  }

  /**
   * Adds a new person to {@code admin}'s company the way people join: the admin invites their
   * e-mail, and they redeem the link with their own name and password. Returns them signed in.
   */
  public Session invite(Session admin, String name, String role) {
    String email = email(name.toLowerCase(Locale.ROOT).replace(' ', '.'));
    String token = call("POST", "api/employees/invitations", Map.of("email", email, "role", role),
        admin).expect(201).json().get("token").asText();
    Res joined = call("POST", "api/invitations/redeem", Map.of("token", token, "name", name,
        "password", PASSWORD), null).expect(201);
    return Session.from(joined.json(), email).in(admin.companyId());
  }

  /**
   * Invites the existing account of {@code person} into {@code admin}'s company and accepts as
   * them: the one way an account joins a second company. Returns them acting in it.
   */
  public Session join(Session admin, Session person, String role) {
    long id = call("POST", "api/employees/invitations", Map.of("email", person.email(),
        "role", role), admin).expect(201).json().get("invitation").get("id").asLong();
    call("POST", "api/invitations/" + id + "/accept", null, person.withoutCompany()).expect(200);
    return login(person.email(), PASSWORD).in(admin.companyId());
  }

  /** A JSON request as {@code session} (null for none); {@code body} may be null. */
  public Res call(String method, String path, Object body, Session session) {
    return call(method, path, body, session, Map.of());
  }

  /**
   * A JSON request with extra headers ({@code If-Match}, another {@code Content-Type}, …); a
   * String body is sent as it is, so tests can send malformed JSON.
   */
  public Res call(String method, String path, Object body, Session session,
                  Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.get() + path))
        .timeout(Duration.ofSeconds(30));
    if (session != null) {
      request.header("Authorization", "Bearer " + session.token());
      if (session.companyId() != 0) {
        request.header("X-Company-Id", Long.toString(session.companyId()));
      }
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::setHeader);
    String text = body == null ? null : body instanceof String s ? s : Json.write(body);
    request.method(method, text == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(text));
    return send(request.build());
  }

  /**
   * {@code POST /api/publish} with company API key {@code key} (null for none); a String
   * {@code body} is sent as it is.
   */
  public Res publish(String key, Object body) {
    return call("POST", "api/publish", body, null,
        key == null ? Map.of() : Map.of("Authorization", "Bearer " + key));
  }

  /** Sends a hand-built request (raw bodies, odd headers). */
  public Res send(HttpRequest request) {
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new Res(response.statusCode(), response.body(), response.headers());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A request builder for {@code path} on this server. */
  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base.get() + path)).timeout(Duration.ofSeconds(30));
  }

  /**
   * A logged-in caller acting in one company.
   *
   * @param token      bearer token
   * @param accountId  account
   * @param companyId  the company sent as X-Company-Id
   * @param employeeId their employee id in that company (0 if unknown)
   * @param email      login e-mail
   * @param login      the whole login answer
   */
  public record Session(String token, long accountId, long companyId, long employeeId,
                        String email, JsonNode login) {

    static Session from(JsonNode login, String email) {
      JsonNode first = login.get("memberships").get(0);
      return new Session(login.get("token").asText(), login.get("account").get("id").asLong(),
          first == null ? 0 : first.get("companyId").asLong(),
          first == null ? 0 : first.get("employeeId").asLong(), email, login);
    }

    /** The same caller naming no company (account routes: invitations, me). */
    public Session withoutCompany() {
      return new Session(token, accountId, 0, 0, email, login);
    }

    /** The same caller acting in {@code companyId}. */
    public Session in(long companyId) {
      long employee = 0;
      for (JsonNode m : login.get("memberships")) {
        if (m.get("companyId").asLong() == companyId) {
          employee = m.get("employeeId").asLong();
        }
      }
      return new Session(token, accountId, companyId, employee, email, login);
    }
  }

  /**
   * A response.
   *
   * @param status  HTTP status
   * @param body    body text
   * @param headers headers
   */
  public record Res(int status, String body, HttpHeaders headers) {

    /** The body as JSON. */
    public JsonNode json() {
      return Json.read(body);
    }

    /** Throws unless the status is {@code expected}; returns this. */
    public Res expect(int expected) {
      if (status != expected) {
        throw new AssertionError("expected " + expected + " but got " + status + ": " + body);
      }
      return this;
    }

    /**
     * Throws unless this is an RFC 9457 problem with {@code expected} status, a title and a
     * detail; returns the problem.
     */
    public JsonNode problem(int expected) {
      expect(expected);
      String type = headers.firstValue("content-type").orElse("");
      if (!type.startsWith("application/problem+json")) {
        throw new AssertionError("expected application/problem+json but got '" + type + "': "
            + body);
      }
      JsonNode problem = json();
      if (problem.path("status").asInt() != expected || problem.path("title").asText().isBlank()
          || problem.path("detail").asText().isBlank()) {
        throw new AssertionError("incomplete problem: " + body);
      }
      return problem;
    }

    /** The {@code id} field of the JSON body. */
    public long id() {
      return json().get("id").asLong();
    }
  }
}

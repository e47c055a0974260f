package dev.chatmesh.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.chatmesh.server.inbox.Signatures;
import dev.chatmesh.server.json.Json;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.Snapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on who is asking. Bad tokens (forged, unsigned, expired, not yet valid) are 401; a
 * removed member's still-valid session is 403 on every company route; another company's ids
 * are 404 and naming another company is 403 on every company route. The routes are read from
 * {@code /api/openapi.json} (which OpenApiTest keeps equal to the router), so a new route is
 * attacked without anyone listing it here.
 */
class AuthAttackTest {

  static final String SECRET = "attack-test-secret-0123456789-abcdefghij";
  /** Appears in every record of the other company, so any leak of its data shows in a body. */
  static final String MARK = "Zsecret";
  @RegisterExtension
  static final Node server = Node.sqlite(Map.of("TOKEN_SECRET", SECRET,
      "DELIVERY_MAX_ATTEMPTS", "1"));
  static final Api api = server.api();
  static Api.Session ours;
  static Api.Session removed;
  static Api.Session theirs;
  static final Map<String, Long> ourIds = new HashMap<>();
  static final Map<String, Long> theirIds = new HashMap<>();
  static JsonNode document;

  @BeforeAll
  static void setUp() {
    ours = api.signup("Attacked Co", "Ada Admin");
    removed = api.invite(ours, "Rex Removed", "agent");
    theirs = api.signup("Other Co " + MARK, "Olaf " + MARK);
    records(ours, "ours", ourIds);
    records(theirs, MARK, theirIds);
    api.call("DELETE", "api/employees/" + removed.employeeId(), null, ours).expect(204);
    document = api.call("GET", "api/openapi.json", null, null).expect(200).json();
  }

  @Test
  void forgedUnsignedExpiredAndNotYetValidTokensAre401Everywhere() throws Exception {
    SignedJWT real = SignedJWT.parse(ours.token());
    JWTClaimsSet claims = real.getJWTClaimsSet();
    Instant now = Instant.now();
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put("signed with another secret", sign(claims, "another-secret-0123456789-abcdefghijkl"));
    String[] parts = ours.token().split("\\.");
    tokens.put("claims changed under the real signature", parts[0] + "."
        + b64(claims.toJSONObject().toString().replace("\"sub\":\"" + claims.getSubject() + "\"",
        "\"sub\":\"" + theirs.accountId() + "\"")) + "." + parts[2]);
    tokens.put("alg none", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");
    tokens.put("alg none with the real signature", b64("{\"alg\":\"none\"}") + "." + parts[1]
        + "." + parts[2]);
    tokens.put("expired", sign(new JWTClaimsSet.Builder(claims)
        .expirationTime(Date.from(now.minusSeconds(5))).build(), SECRET));
    tokens.put("not valid before an hour from now", sign(new JWTClaimsSet.Builder(claims)
        .notBeforeTime(Date.from(now.plus(Duration.ofHours(1)))).build(), SECRET));
    tokens.put("no expiry", sign(new JWTClaimsSet.Builder(claims).expirationTime(null).build(),
        SECRET));
    tokens.put("no session", sign(new JWTClaimsSet.Builder(claims).claim("sid", null).build(),
        SECRET));
    tokens.put("garbage", "not-a-token");
    // The one control: the same claims signed with the node's secret are accepted.
    assertThat(get("api/auth/me", sign(claims, SECRET)).status()).isEqualTo(200);

    for (Map.Entry<String, String> token : tokens.entrySet()) {
      for (String path : List.of("api/auth/me", "api/customers", "api/events/stream",
          "api/events?after=0&wait=0", "api/invitations")) {
        Api.Res res = get(path, token.getValue());
        assertThat(res.status()).as(token.getKey() + " on " + path + ": " + res.body())
            .isEqualTo(401);
        res.problem(401);
        assertThat(res.body()).doesNotContain("ours");
      }
    }
  }

  @Test
  void aRemovedMembersSessionIs403OnEveryCompanyRouteAndChangesNothing() {
    Snapshot before = Snapshot.of(server);
    List<String> wrong = new ArrayList<>();
    for (Operation op : companyOperations()) {
      String path = op.fill(ourIds);
      Api.Res byHeader = api.call(op.method(), path, op.body(), removed);
      Api.Res byQuery = api.send(api.request(path + (path.contains("?") ? "&" : "?")
              + "company=" + ours.companyId())
          .header("Authorization", "Bearer " + removed.token())
          .header("Content-Type", "application/json")
          .method(op.method(), op.body() == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(Json.write(op.body()))).build());
      for (Api.Res res : List.of(byHeader, byQuery)) {
        if (res.status() != 403 || res.body().contains("ours")) {
          wrong.add(op + " answered " + res.status() + ": " + res.body());
        }
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(Snapshot.of(server)).isEqualTo(before);
  }

  @Test
  void anotherCompanysIdsAre404AndNamingAnotherCompanyIs403OnEveryCompanyRoute() {
    Snapshot before = Snapshot.of(server);
    List<String> wrong = new ArrayList<>();
    for (Operation op : companyOperations()) {
      if (op.path().contains("{")) {
        Api.Res res = api.call(op.method(), op.fill(theirIds), op.body(), ours);
        if (res.status() != 404 || res.body().contains(MARK)) {
          wrong.add(op + " with their ids answered " + res.status() + ": " + res.body());
        }
      }
      Api.Res named = api.call(op.method(), op.fill(theirIds), op.body(), ours,
          Map.of("X-Company-Id", Long.toString(theirs.companyId())));
      String path = op.fill(theirIds);
      Api.Res byQuery = api.send(api.request(path + (path.contains("?") ? "&" : "?")
              + "company=" + theirs.companyId())
          .header("Authorization", "Bearer " + ours.token())
          .header("Content-Type", "application/json")
          .method(op.method(), op.body() == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(Json.write(op.body()))).build());
      for (Api.Res res : List.of(named, byQuery)) {
        if (res.status() != 403 || res.body().contains(MARK)) {
          wrong.add(op + " naming their company answered " + res.status() + ": " + res.body());
        }
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(Snapshot.of(server)).isEqualTo(before);
  }

  /** Every documented operation that acts in a company (the default security names one). */
  private static List<Operation> companyOperations() {
    List<Operation> ops = new ArrayList<>();
    document.path("paths").properties().forEach(path -> path.getValue().properties()
        .forEach(op -> {
          boolean ownSecurity = op.getValue().has("security");
          if (path.getKey().startsWith("/api/") && !ownSecurity) {
            ops.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey()));
          }
        }));
    assertThat(ops).as("company routes found in the document").hasSizeGreaterThan(30);
    return ops;
  }

  /**
   * One documented operation.
   *
   * @param method the HTTP method
   * @param path   its OpenAPI path template
   */
  record Operation(String method, String path) {

    private static final Pattern PARAM = Pattern.compile("([a-z-]+)/\\{([a-z]+)}");

    /** The path with each id replaced by a record of the kind it names in {@code ids}. */
    String fill(Map<String, Long> ids) {
      Matcher m = PARAM.matcher(path);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String kind = m.group(2).equals("cid") ? "conversations" : m.group(1);
        Long id = ids.get(kind);
        assertThat(id).as("a record for {" + m.group(2) + "} in " + path
            + ": add one to records()").isNotNull();
        m.appendReplacement(out, m.group(1) + "/" + id);
      }
      m.appendTail(out);
      String filled = out.substring(1);
      return filled.equals("api/events") ? filled + "?after=0&wait=0" : filled;
    }

    /** A body that would be accepted if the records were the caller's own. */
    Map<String, Object> body() {
      if (method.equals("GET") || method.equals("DELETE")) {
        return null;
      }
      return Map.of("version", 1, "name", "Mallory", "title", "Mallory", "body", "Mallory",
          "content", "Mallory", "status", "open", "email", Api.email("mallory"),
          "customerId", 1, "type", "x.y", "topic", "t");
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** One record of every kind in the company of {@code admin}, each carrying {@code mark}. */
  private static void records(Api.Session admin, String mark, Map<String, Long> ids) {
    Api.Session agent = admin == ours ? removed : api.invite(admin, "Agent " + mark, "agent");
    ids.put("employees", agent.employeeId());
    long customer = api.call("POST", "api/customers", Map.of("name", "Customer " + mark),
        admin).expect(201).id();
    ids.put("customers", customer);
    ids.put("notes", api.call("POST", "api/notes", Map.of("customerId", customer,
        "body", "Note " + mark), admin).expect(201).id());
    ids.put("notifications", api.call("POST", "api/notifications", Map.of("title",
        "Notice " + mark), admin).expect(201).id());
    ids.put("activities", api.call("GET", "api/activities?limit=1", null, admin).json()
        .get("items").get(0).get("id").asLong());
    ids.put("api-keys", api.call("POST", "api/api-keys", Map.of("name", "Key " + mark), admin)
        .expect(201).id());
    ids.put("invitations", api.call("POST", "api/employees/invitations", Map.of("email",
        Api.email("pending"), "title", "Title " + mark), admin).expect(201).json()
        .get("invitation").get("id").asLong());
    String page = "page-" + admin.companyId();
    long channel = api.call("POST", "api/channels", Map.of("platform", "facebook",
        "name", "Channel " + mark, "externalId", page, "secret", "secret-" + mark, "accessToken", "token-" + mark), admin)
        .expect(201).id();
    ids.put("channels", channel);
    byte[] raw = ("{\"object\":\"page\",\"entry\":[{\"id\":\"" + page + "\",\"time\":1,"
        + "\"messaging\":[{\"sender\":{\"id\":\"user-1\"},\"recipient\":{\"id\":\"" + page
        + "\"},\"timestamp\":" + System.currentTimeMillis() + ",\"message\":{\"mid\":\"m-"
        + page + "\",\"text\":\"Hello " + mark + "\"}}]}]}").getBytes(StandardCharsets.UTF_8);
    api.send(api.request("webhooks/facebook/" + channel)
        .header("Content-Type", "application/json")
        .header("X-Hub-Signature-256", Signatures.facebook("secret-" + mark, raw))
        .POST(HttpRequest.BodyPublishers.ofByteArray(raw)).build()).expect(200);
    long conversation = api.call("GET", "api/conversations?channelId=" + channel, null, admin)
        .expect(200).json().get("items").get(0).get("id").asLong();
    ids.put("conversations", conversation);
    ids.put("messages", api.call("POST", "api/conversations/" + conversation + "/messages",
        Map.of("content", "Reply " + mark), admin).expect(201).id());
  }

  private static Api.Res get(String path, String token) {
    return api.send(api.request(path).header("Authorization", "Bearer " + token)
        .header("X-Company-Id", Long.toString(ours.companyId())).GET().build());
  }

  private static String sign(JWTClaimsSet claims, String secret) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}

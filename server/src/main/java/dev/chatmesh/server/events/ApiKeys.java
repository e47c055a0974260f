package dev.chatmesh.server.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.auth.Member;
import dev.chatmesh.server.http.ApiException;
import dev.chatmesh.server.http.Blocking;
import dev.chatmesh.server.http.Input;
import dev.chatmesh.server.http.Problems;
import dev.chatmesh.server.http.Query;
import dev.chatmesh.server.json.Json;
import dev.chatmesh.server.store.Catalog;
import dev.chatmesh.server.store.Change;
import dev.chatmesh.server.store.Store;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Company API keys ({@code /api/api-keys}, admins) and {@code POST /api/publish}, through which
 * another backend adds its own events to a company's stream. A key is shown once; only its
 * SHA-256 is stored. Keys are long random secrets, so a fast hash is the right tool here.
 */
public final class ApiKeys {

  private static final String PREFIX = "cmk_";
  private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_.:-]{0,63}$");
  /** Names the stream itself uses, or that EventSource treats specially, or the catalog's. */
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Store store;

  /** Keeps keys in {@code store}. */
  public ApiKeys(Store store) {
    this.store = store;
  }

  /** {@code POST /api/publish}: authenticated by the key itself, not by a session. */
  public void mountPublic(Router router) {
    router.post("/api/publish").handler(this::publish);
    router.route("/api/publish").handler(Problems.allowOnly("POST"));
  }

  /** The key management routes (behind the membership check). */
  public void mount(Router router) {
    router.get("/api/api-keys").handler(this::list);
    router.post("/api/api-keys").handler(this::create);
    router.route("/api/api-keys").handler(Problems.allowOnly("GET", "POST"));
    router.delete("/api/api-keys/:id").handler(this::revoke);
    router.route("/api/api-keys/:id").handler(Problems.allowOnly("DELETE"));
  }

  private void create(RoutingContext ctx) {
    Member member = Member.of(ctx).requireAdmin();
    Input in = Input.of(ctx);
    String name = in.text("name", true, 200);
    in.validate();
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    Blocking.respond(ctx, 201, () -> store.transaction(handle -> {
      long now = System.currentTimeMillis();
      long id = handle.createQuery("INSERT INTO api_keys (company_id, name, prefix, key_hash, "
              + "created_by, created_at) VALUES (:company, :name, :prefix, :hash, :by, :now) "
              + "RETURNING id")
          .bind("company", member.companyId()).bind("name", name)
          .bind("prefix", key.substring(0, 10)).bind("hash", sha256(key))
          .bind("by", member.employeeId()).bind("now", now).mapTo(Long.class).one();
      return Map.of("id", id, "name", name, "prefix", key.substring(0, 10), "key", key,
          "createdAt", Json.timestamp(now));
    }));
  }

  private void list(RoutingContext ctx) {
    Member member = Member.of(ctx).requireAdmin();
    Blocking.respond(ctx, 200, () -> store.read(handle -> Map.of("items", handle.createQuery(
            "SELECT id, name, prefix, created_at FROM api_keys WHERE company_id = :company AND "
                + "revoked_at IS NULL ORDER BY id")
        .bind("company", member.companyId())
        .map((rs, c) -> Map.of("id", rs.getLong("id"), "name", rs.getString("name"),
            "prefix", rs.getString("prefix"),
            "createdAt", Json.timestamp(rs.getLong("created_at"))))
        .list())));
  }

  private void revoke(RoutingContext ctx) {
    Member member = Member.of(ctx).requireAdmin();
    long id = Query.pathId(ctx, "id", "API key");
    Blocking.respond(ctx, 204, () -> store.transaction(handle -> {
      int changed = handle.createUpdate("UPDATE api_keys SET revoked_at = :now WHERE id = :id "
              + "AND company_id = :company AND revoked_at IS NULL")
          .bind("now", System.currentTimeMillis()).bind("id", id)
          .bind("company", member.companyId()).execute();
      if (changed == 0) {
        throw ApiException.notFound("API key");
      }
      return null;
    }));
  }

  private void publish(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer " + PREFIX, 0, 11)) {
      throw ApiException.unauthorized("Publish with a company API key: Authorization: Bearer "
          + "cmk_…");
    }
    String key = header.substring(7).strip();
    Input in = Input.of(ctx);
    String type = in.matching("type", true, NAME, "must match " + NAME.pattern());
    String topic = in.matching("topic", true, NAME, "must match " + NAME.pattern());
    JsonNode data = in.any("data", true);
    Long recipientId = in.id("recipientId", false);
    if (type != null && Catalog.reserved(type)) {
      in.reject("type", "is reserved for ChatMesh's own events");
    }
    in.validate();
    Blocking.respond(ctx, 202, () -> {
      Map<String, Object> owner = store.read(handle -> handle.createQuery(
              "SELECT company_id, name FROM api_keys WHERE key_hash = :hash AND revoked_at IS "
                  + "NULL")
          .bind("hash", sha256(key)).mapToMap().findOne().orElse(null));
      if (owner == null) {
        throw ApiException.unauthorized("Unknown or revoked API key.");
      }
      long companyId = ((Number) owner.get("company_id")).longValue();
      Change.Actor actor = new Change.Actor(null, "API key " + owner.get("name"));
      return store.change(companyId, actor, change -> {
        if (recipientId != null && change.handle().createQuery("SELECT COUNT(*) FROM employees "
                + "WHERE company_id = :company AND id = :id AND removed_at IS NULL")
            .bind("company", companyId).bind("id", recipientId).mapTo(Long.class).one() == 0) {
          throw ApiException.invalid(List.of(new ApiException.FieldError("recipientId",
              "is not an employee of this company")));
        }
        change.publish(type, topic, Json.write(data), recipientId);
        return Map.of("id", Long.toString(change.lastSeq()));
      });
    });
  }

  private static String sha256(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

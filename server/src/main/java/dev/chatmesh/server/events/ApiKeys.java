package dev.chatmesh.server.events;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.chatmesh.server.auth.Member;
import dev.chatmesh.server.http.ApiException;
import dev.chatmesh.server.http.Bearer;
import dev.chatmesh.server.http.Blocking;
import dev.chatmesh.server.http.Input;
import dev.chatmesh.server.http.Problems;
import dev.chatmesh.server.http.Query;
import dev.chatmesh.server.json.Json;
import dev.chatmesh.server.store.Store;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Company API keys ({@code /api/api-keys}, admins: create, list, revoke) and how a request's key
 * is found again ({@link Publish} uses them). A key is shown once; only its SHA-256 is stored.
 * Keys are long random secrets, so a fast hash is the right tool here.
 *
 * <p>A key found live is trusted for {@code recheck} without asking the database again (a
 * publish is then one transaction, not two). Revoking a key forgets it at once on the node that
 * revoked it; another node notices within {@code recheck}, the bound a logout has there too.
 */
public final class ApiKeys {

  private static final String PREFIX = "cmk_";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_VERIFIED = 10_000;

  private final Store store;
  private final Cache<String, Holder> verified;
  private final AtomicLong revocations = new AtomicLong();

  /** Keeps keys in {@code store}; a verified key is looked up again after {@code recheck}. */
  public ApiKeys(Store store, Duration recheck) {
    this.store = store;
    this.verified = Caffeine.newBuilder().expireAfterWrite(recheck).maximumSize(MAX_VERIFIED)
        .build();
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
    Blocking.respond(ctx, 204, () -> {
      store.transaction(handle -> {
        int changed = handle.createUpdate("UPDATE api_keys SET revoked_at = :now WHERE id = :id "
                + "AND company_id = :company AND revoked_at IS NULL")
            .bind("now", System.currentTimeMillis()).bind("id", id)
            .bind("company", member.companyId()).execute();
        if (changed == 0) {
          throw ApiException.notFound("API key");
        }
        return null;
      });
      forget(id);
      return null;
    });
  }

  /**
   * The API key a request presents as {@code Authorization: Bearer cmk_…}; 401 when it
   * presents none.
   */
  static String presented(RoutingContext ctx) {
    String key = Bearer.credential(ctx);
    if (key == null || !key.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      throw ApiException.unauthorized("Publish with a company API key: Authorization: Bearer "
          + "cmk_…");
    }
    return key;
  }

  /**
   * Who holds {@code key}: its company and name; 401 when it is unknown or revoked. Blocking
   * when the key was not verified within the recheck period. Unknown keys are never remembered.
   */
  Holder holder(String key) {
    String hash = sha256(key);
    Holder known = verified.getIfPresent(hash);
    if (known != null) {
      return known;
    }
    long seen = revocations.get();
    Holder found = store.read(handle -> handle.createQuery("SELECT id, company_id, name FROM "
            + "api_keys WHERE key_hash = :hash AND revoked_at IS NULL")
        .bind("hash", hash)
        .map((rs, c) -> new Holder(rs.getLong("id"), rs.getLong("company_id"),
            rs.getString("name")))
        .findOne()
        .orElseThrow(() -> ApiException.unauthorized("Unknown or revoked API key.")));
    verified.put(hash, found);
    // A revocation that committed after the read above may have swept the cache before this
    // entry was in it: drop the entry then. One that counts after this check sees the entry.
    if (revocations.get() != seen) {
      verified.invalidate(hash);
    }
    return found;
  }

  private void forget(long id) {
    revocations.incrementAndGet();
    verified.asMap().values().removeIf(holder -> holder.id() == id);
  }

  /**
   * A live key: its id, its company and its name.
   *
   * @param id        the key's id
   * @param companyId the key's company
   * @param name      the name an admin gave the key
   */
  record Holder(long id, long companyId, String name) {
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

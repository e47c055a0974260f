package dev.chatmesh.server.inbox;

import dev.chatmesh.server.auth.Member;
import dev.chatmesh.server.crm.Versions;
import dev.chatmesh.server.http.ApiException;
import dev.chatmesh.server.http.Blocking;
import dev.chatmesh.server.http.Input;
import dev.chatmesh.server.http.Problems;
import dev.chatmesh.server.http.Query;
import dev.chatmesh.server.store.Catalog;
import dev.chatmesh.server.store.Store;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/channels}: every member sees the company's channels (never their credentials);
 * admins connect, change and remove them. A removed channel's conversations stay readable but
 * take no replies, and its webhooks answer 404.
 */
public final class Channels {

  private static final String ACTIVE = " WHERE ch.company_id = :company AND ch.removed_at IS NULL";

  private final Store store;
  private final Vault vault;

  /** Serves channels from {@code store}, sealing credentials with {@code vault}. */
  public Channels(Store store, Vault vault) {
    this.store = store;
    this.vault = vault;
  }

  /** Mounts the routes (behind the membership check). */
  public void mount(Router router) {
    router.get("/api/channels").handler(this::list);
    router.post("/api/channels").handler(this::create);
    router.get("/api/channels/:id").handler(this::read);
    router.put("/api/channels/:id").handler(this::update);
    router.patch("/api/channels/:id").handler(this::update);
    router.delete("/api/channels/:id").handler(this::remove);
    router.route("/api/channels").handler(Problems.allowOnly("GET", "POST"));
    router.route("/api/channels/:id").handler(Problems.allowOnly("GET", "PUT", "PATCH", "DELETE"));
  }

  /** The company's channel {@code id}, unless removed. */
  public static Optional<Channel> find(Handle handle, long companyId, long id) {
    return handle.createQuery(Channel.SELECT + ACTIVE + " AND ch.id = :id")
        .bind("company", companyId).bind("id", id).map((rs, ctx) -> Channel.map(rs)).findOne();
  }

  /**
   * Channel {@code id} of any company with its credentials opened, for the webhooks and the
   * send queue; empty when there is no such channel or it was removed.
   */
  public static Optional<Credentials> credentials(Handle handle, Vault vault, long id) {
    return handle.createQuery("SELECT id, company_id, platform, external_id, secret, "
            + "access_token, verify_token FROM channels WHERE id = :id AND removed_at IS NULL")
        .bind("id", id)
        .map((rs, ctx) -> new Credentials(rs.getLong("id"), rs.getLong("company_id"),
            Platform.of(rs.getString("platform")), rs.getString("external_id"),
            vault.open("secret", rs.getString("secret")),
            vault.open("access_token", rs.getString("access_token")),
            vault.open("verify_token", rs.getString("verify_token"))))
        .findOne();
  }

  private void list(RoutingContext ctx) {
    Member member = Member.of(ctx);
    Blocking.respond(ctx, 200, () -> store.read(handle -> Map.of("items", handle.createQuery(
            Channel.SELECT + ACTIVE + " ORDER BY ch.id")
        .bind("company", member.companyId()).map((rs, c) -> Channel.map(rs)).list())));
  }

  private void read(RoutingContext ctx) {
    Member member = Member.of(ctx);
    long id = Query.pathId(ctx, "id", "Channel");
    Blocking.respond(ctx, 200, () -> store.read(handle -> find(handle, member.companyId(), id)
        .orElseThrow(() -> ApiException.notFound("Channel"))));
  }

  private void create(RoutingContext ctx) {
    Member member = Member.of(ctx).requireAdmin();
    Input in = Input.of(ctx);
    String platform = in.oneOf("platform", true, "facebook", "zalo", "tiktok");
    Fields fields = Fields.read(in, true);
    in.validate();
    Blocking.respond(ctx, 201, () -> store.change(member.companyId(), member.actor(), change -> {
      long id = change.handle().createQuery("INSERT INTO channels (company_id, platform, name, "
              + "external_id, secret, access_token, verify_token, created_at, updated_at) VALUES "
              + "(:company, :platform, :name, :external, :secret, :token, :verify, :now, :now) "
              + "RETURNING id")
          .bind("company", member.companyId()).bind("platform", platform)
          .bind("name", fields.name).bind("external", fields.externalId)
          .bind("secret", vault.seal("secret", fields.secret))
          .bind("token", vault.seal("access_token", fields.accessToken))
          .bind("verify", vault.seal("verify_token", fields.verifyToken))
          .bind("now", change.now()).mapTo(Long.class).one();
      Channel created = find(change.handle(), member.companyId(), id).orElseThrow();
      change.emit(Catalog.CHANNEL_CREATED, created);
      change.activity("channel", id, "created", member.membership().name() + " connected "
          + Platform.of(platform).title() + " channel " + created.name());
      return created;
    }));
  }

  private void update(RoutingContext ctx) {
    Member member = Member.of(ctx).requireAdmin();
    long id = Query.pathId(ctx, "id", "Channel");
    Input in = Input.of(ctx);
    int expected = Versions.expected(ctx, in);
    if (in.has("platform")) {
      in.reject("platform", "cannot be changed; connect a new channel instead");
    }
    Fields fields = Fields.read(in, false);
    in.validate();
    Blocking.respond(ctx, 200, () -> store.change(member.companyId(), member.actor(), change -> {
      Handle handle = change.handle();
      Channel current = find(handle, member.companyId(), id)
          .orElseThrow(() -> ApiException.notFound("Channel"));
      Versions.check("channel", current.version(), expected);
      StringBuilder set = new StringBuilder("updated_at = :now, version = version + 1");
      var update = handle.createUpdate("UPDATE channels SET <set> WHERE id = :id AND "
          + "company_id = :company");
      Map<String, Object> values = new java.util.LinkedHashMap<>();
      putIf(in, "name", "name", fields.name, values);
      putIf(in, "externalId", "external_id", fields.externalId, values);
      putIf(in, "secret", "secret", vault.seal("secret", fields.secret), values);
      putIf(in, "accessToken", "access_token", vault.seal("access_token", fields.accessToken),
          values);
      putIf(in, "verifyToken", "verify_token", vault.seal("verify_token", fields.verifyToken),
          values);
      values.keySet().forEach(column -> set.append(", ").append(column).append(" = :")
          .append(column));
      update.define("set", set.toString()).bindMap(values).bind("now", change.now())
          .bind("id", id).bind("company", member.companyId()).execute();
      Channel updated = find(handle, member.companyId(), id).orElseThrow();
      change.emit(Catalog.CHANNEL_UPDATED, updated);
      change.activity("channel", id, "updated", member.membership().name() + " updated channel "
          + updated.name());
      return updated;
    }));
  }

  private void remove(RoutingContext ctx) {
    Member member = Member.of(ctx).requireAdmin();
    long id = Query.pathId(ctx, "id", "Channel");
    Blocking.respond(ctx, 204, () -> store.change(member.companyId(), member.actor(), change -> {
      Channel current = find(change.handle(), member.companyId(), id)
          .orElseThrow(() -> ApiException.notFound("Channel"));
      change.handle().createUpdate("UPDATE channels SET removed_at = :now, updated_at = :now, "
              + "version = version + 1 WHERE id = :id AND company_id = :company")
          .bind("now", change.now()).bind("id", id).bind("company", member.companyId())
          .execute();
      change.emit(Catalog.CHANNEL_DELETED, Map.of("id", id));
      change.activity("channel", id, "deleted", member.membership().name() + " removed channel "
          + current.name());
      return null;
    }));
  }

  private static void putIf(Input in, String field, String column, Object value,
                            Map<String, Object> values) {
    if (in.has(field)) {
      values.put(column, value);
    }
  }

  /**
   * A channel with its credentials opened: only for the webhooks and the send queue, never
   * for an answer, an event or a log line.
   *
   * @param id          the channel id
   * @param companyId   the company it belongs to
   * @param platform    the platform
   * @param externalId  the page, OA or business id deliveries must be addressed to
   * @param secret      the key that verifies the platform's signatures
   * @param accessToken the token that sends, or null
   * @param verifyToken Facebook's handshake token, or null
   */
  public record Credentials(long id, long companyId, Platform platform, String externalId,
                            String secret, String accessToken, String verifyToken) {
    @Override
    public String toString() {
      return "Credentials[channel " + id + ", " + platform.id() + "]";
    }
  }

  /** The writable fields of a channel; on updates only those present are applied. */
  private record Fields(String name, String externalId, String secret, String accessToken,
                        String verifyToken) {
    static Fields read(Input in, boolean creating) {
      return new Fields(in.text("name", creating || in.has("name"), 200),
          in.text("externalId", creating || in.has("externalId"), 200),
          in.text("secret", creating || in.has("secret"), 1000),
          in.text("accessToken", false, 4000),
          in.text("verifyToken", false, 1000));
    }
  }
}

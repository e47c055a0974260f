package dev.chatmesh.server.inbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatmesh.server.http.ApiException;
import dev.chatmesh.server.http.Blocking;
import dev.chatmesh.server.http.Problems;
import dev.chatmesh.server.http.Query;
import dev.chatmesh.server.store.Store;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Clock;
import java.util.List;

/**
 * {@code /webhooks/{facebook|zalo|tiktok}/{channelId}}: where the platforms deliver. No session:
 * the platform's signature over the raw bytes is checked first (401 otherwise), then the payload
 * is read (400/422, nothing stored), then stored in one change and answered 200. Everything but
 * reading the body runs on a worker; nothing slow (profile lookups, media) happens inline.
 */
public final class Webhooks {

  private final Store store;
  private final Vault vault;
  private final Ingest ingest;
  private final int maxBodyBytes;
  private final Clock clock;

  /** Delivers into {@code store}, opening channel secrets with {@code vault}. */
  public Webhooks(Store store, Vault vault, int maxBodyBytes, Clock clock) {
    this.store = store;
    this.vault = vault;
    this.ingest = new Ingest(store);
    this.maxBodyBytes = maxBodyBytes;
    this.clock = clock;
  }

  /** Mounts the routes; they need no session, so mount them outside {@code /api}. */
  public void mount(Router router) {
    router.route("/webhooks/*").handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
    router.get("/webhooks/facebook/:channel").handler(this::handshake);
    for (Platform platform : Platform.values()) {
      String path = "/webhooks/" + platform.id() + "/:channel";
      router.post(path).handler(ctx -> receive(ctx, platform));
      router.route(path).handler(platform == Platform.FACEBOOK
          ? Problems.allowOnly("GET", "POST") : Problems.allowOnly("POST"));
    }
    // Nothing else lives under /webhooks: an unknown platform is not found, whatever the method.
    router.route("/webhooks/*").handler(ctx -> ctx.fail(ApiException.notFound("Webhook")));
  }

  /** Facebook's subscription check: the bare challenge when the verify token matches. */
  private void handshake(RoutingContext ctx) {
    long id = Query.pathId(ctx, "channel", "Channel");
    String mode = ctx.request().getParam("hub.mode");
    String token = ctx.request().getParam("hub.verify_token");
    String challenge = ctx.request().getParam("hub.challenge");
    Blocking.run(ctx, () -> {
      Channels.Credentials channel = channel(id, Platform.FACEBOOK);
      if (!"subscribe".equals(mode) || !Signatures.sameSecret(token, channel.verifyToken())) {
        throw ApiException.forbidden("The verify token does not match this channel's.");
      }
      if (challenge == null || challenge.isEmpty()) {
        throw ApiException.badRequest("hub.challenge is missing.");
      }
      return challenge;
    }).onComplete(result -> {
      if (result.failed()) {
        ctx.fail(result.cause());
      } else {
        ctx.response().setStatusCode(200).putHeader("Content-Type", "text/plain; charset=utf-8")
            .end(result.result());
      }
    });
  }

  private void receive(RoutingContext ctx, Platform platform) {
    long id = Query.pathId(ctx, "channel", "Channel");
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    byte[] raw = body == null ? new byte[0] : body.getBytes();
    String signature = ctx.request().getHeader(switch (platform) {
      case FACEBOOK -> "X-Hub-Signature-256";
      case ZALO -> "X-ZEvent-Signature";
      case TIKTOK -> "TikTok-Signature";
    });
    Blocking.respond(ctx, 200, () -> {
      Channels.Credentials channel = channel(id, platform);
      return ingest.apply(channel, read(channel, raw, signature, clock.millis() / 1000));
    });
  }

  /**
   * Verifies, then parses: nothing unsigned is ever read into the database. Throws only
   * {@link ApiException}s (401, 400, 422).
   */
  static List<Inbound> read(Channels.Credentials channel, byte[] raw, String signature,
                            long nowSeconds) {
    String secret = channel.secret();
    return switch (channel.platform()) {
      case FACEBOOK -> {
        require(Signatures.facebookValid(secret, raw, signature), "X-Hub-Signature-256");
        yield FacebookDelivery.read(Shape.parse(raw, "The delivery"), channel.externalId());
      }
      case ZALO -> {
        require(signature != null, "X-ZEvent-Signature");
        // Zalo signs two of the body's fields too, so the body is parsed (not stored) first.
        ObjectNode body = Shape.parse(raw, "The delivery");
        ZaloDelivery.Signed signed = ZaloDelivery.signedFields(body);
        require(Signatures.zaloValid(secret, signed.appId(), signed.timestamp(), raw, signature),
            "X-ZEvent-Signature");
        yield List.of(ZaloDelivery.read(body, channel.externalId()));
      }
      case TIKTOK -> {
        require(Signatures.tiktokValid(secret, raw, signature, nowSeconds),
            "TikTok-Signature");
        yield List.of(TikTokDelivery.read(Shape.parse(raw, "The delivery"),
            channel.externalId()));
      }
    };
  }

  private Channels.Credentials channel(long id, Platform platform) {
    // A channel of another platform is as unknown here as a missing one.
    return store.read(handle -> Channels.credentials(handle, vault, id))
        .filter(channel -> channel.platform() == platform)
        .orElseThrow(() -> ApiException.notFound("Channel"));
  }

  private static void require(boolean valid, String header) {
    if (!valid) {
      throw ApiException.unauthorized("The " + header + " signature is missing, stale or does "
          + "not match this channel's secret.");
    }
  }
}

package dev.chatmesh.server.inbox;

import dev.chatmesh.server.Config;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;

/**
 * The demo's stand-in for the platforms: {@code /sandbox/{facebook|zalo|tiktok}/…} answers the
 * send paths as the real APIs do on success, with a generated message id, so a demo reply
 * goes the whole real way (queue, claim, HTTP call, answer parsing, {@code message_updated}).
 * Mounted only with {@code --demo}; a request without a token is refused as the platform
 * would refuse it.
 */
public final class Sandbox {

  /** The send API base URLs pointing at the sandbox of the node on {@code port}. */
  public static Config.PlatformUrls urls(int port) {
    String base = "http://127.0.0.1:" + port + "/sandbox/";
    return new Config.PlatformUrls(base + "facebook", base + "zalo", base + "tiktok");
  }

  /** Mounts the sandbox's send routes. */
  public void mount(Router router) {
    router.post("/sandbox/facebook/" + FacebookApi.GRAPH_VERSION + "/:page/messages")
        .handler(this::facebook);
    router.post("/sandbox/zalo/v3.0/oa/message/cs").handler(this::zalo);
    router.post("/sandbox/tiktok/open_api/v1.3/business/message/send/").handler(this::tiktok);
  }

  private void facebook(RoutingContext ctx) {
    if (ctx.request().getParam("access_token") == null) {
      answer(ctx, 400, new JsonObject().put("error", new JsonObject()
          .put("message", "An access token is required to request this resource.")
          .put("type", "OAuthException").put("code", 190)));
      return;
    }
    answer(ctx, 200, new JsonObject().put("recipient_id", "sandbox")
        .put("message_id", "m_sandbox_" + UUID.randomUUID()));
  }

  private void zalo(RoutingContext ctx) {
    if (ctx.request().getHeader("access_token") == null) {
      answer(ctx, 200, new JsonObject().put("error", -216)
          .put("message", "Access token is invalid"));
      return;
    }
    answer(ctx, 200, new JsonObject().put("error", 0).put("message", "Success")
        .put("data", new JsonObject().put("message_id", "sandbox" + UUID.randomUUID())));
  }

  private void tiktok(RoutingContext ctx) {
    if (ctx.request().getHeader("Access-Token") == null) {
      answer(ctx, 200, new JsonObject().put("code", 40104)
          .put("message", "Access token is null"));
      return;
    }
    answer(ctx, 200, new JsonObject().put("code", 0).put("message", "OK")
        .put("data", new JsonObject().put("message", new JsonObject()
            .put("message_id", "sandbox-" + UUID.randomUUID()))));
  }

  private static void answer(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(body.encode());
  }
}

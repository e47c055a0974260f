package dev.chatmesh.server.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.crm.Employees;
import dev.chatmesh.server.http.Blocking;
import dev.chatmesh.server.http.Input;
import dev.chatmesh.server.http.Problems;
import dev.chatmesh.server.json.Json;
import dev.chatmesh.server.store.Catalog;
import dev.chatmesh.server.store.Change;
import dev.chatmesh.server.store.Store;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code POST /api/publish}: another backend adds its own event to a company's stream,
 * authenticated by a company API key rather than a session. The event commits like any change
 * (gap-free id, history) and may target one employee.
 */
public final class Publish {

  private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_.:-]{0,63}$");

  private final Store store;
  private final ApiKeys keys;

  /** Publishes into {@code store} for the holders of {@code keys}. */
  public Publish(Store store, ApiKeys keys) {
    this.store = store;
    this.keys = keys;
  }

  /** Mounts the route; it needs no session, so it goes in front of the session check. */
  public void mount(Router router) {
    router.post("/api/publish").handler(this::publish);
    router.route("/api/publish").handler(Problems.allowOnly("POST"));
  }

  private void publish(RoutingContext ctx) {
    String key = ApiKeys.presented(ctx);
    Input in = Input.of(ctx);
    String type = in.matching("type", true, NAME, "must match " + NAME.pattern());
    String topic = in.matching("topic", true, NAME, "must match " + NAME.pattern());
    JsonNode data = in.any("data", true);
    Long recipientId = in.id("recipientId", false);
    if (type != null && Catalog.reserved(type)) {
      in.reject("type", "is reserved for ChatMesh's own events");
    }
    in.validate();
    Blocking.run(ctx, () -> {
      ApiKeys.Holder holder = keys.holder(key);
      Change.Actor actor = new Change.Actor(null, "API key " + holder.name());
      return store.commit(holder.companyId(), actor, change -> {
        Employees.requireActive(change.handle(), holder.companyId(), recipientId, "recipientId");
        change.publish(type, topic, Json.write(data), recipientId);
        return Map.of("id", Long.toString(change.lastSeq()));
      });
    }).onComplete(result -> {
      if (result.failed()) {
        ctx.fail(result.cause());
        return;
      }
      // committed: answer first, then fan out, so the answer does not wait for the delivery
      if (!ctx.response().ended()) {
        Blocking.send(ctx, 202, result.result().value());
      }
      store.announce(result.result());
    });
  }
}

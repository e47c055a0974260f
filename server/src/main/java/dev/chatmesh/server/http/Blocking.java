package dev.chatmesh.server.http;

import dev.chatmesh.server.json.Json;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.Callable;

/**
 * Runs a handler's blocking part (SQL, password hashing) on a worker thread and answers on
 * the request's own event loop. Failures go to the router's failure handler, which renders
 * them as problem+json.
 */
public final class Blocking {

  private Blocking() {
  }

  /** Runs {@code work} off the event loop. */
  public static <T> Future<T> run(RoutingContext ctx, Callable<T> work) {
    return ctx.vertx().executeBlocking(work, false);
  }

  /** Runs {@code work} off the event loop and answers {@code status} with its result as JSON. */
  public static <T> void respond(RoutingContext ctx, int status, Callable<T> work) {
    run(ctx, work).onComplete(result -> {
      if (result.failed()) {
        ctx.fail(result.cause());
      } else if (!ctx.response().ended()) {
        send(ctx, status, result.result());
      }
    });
  }

  /**
   * Writes a JSON body, or an empty 204 when {@code body} is null. The body is serialized before
   * anything is written, so a value that cannot be serialized becomes the failure handler's 500
   * instead of an exception thrown past the response (which would leave the request unanswered).
   */
  public static void send(RoutingContext ctx, int status, Object body) {
    if (body == null || status == 204) {
      ctx.response().setStatusCode(204).end();
      return;
    }
    String json;
    try {
      json = Json.write(body);
    } catch (RuntimeException e) {
      ctx.fail(e);
      return;
    }
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(json);
  }
}

package dev.chatmesh.server.http;

import dev.chatmesh.server.json.Json;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders every failure as RFC 9457 problem+json. Client errors carry their own message;
 * anything unexpected is logged with its stack trace and answered 500 without details.
 */
public final class Problems {

  private static final Logger log = LoggerFactory.getLogger(Problems.class);

  private Problems() {
  }

  /** The router's failure handler. */
  public static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiException api) {
      if (api.retryAfterSeconds() > 0 && !ctx.response().headWritten()) {
        ctx.response().putHeader("Retry-After", Long.toString(api.retryAfterSeconds()));
      }
      write(ctx, api.status(), api.title(), api.getMessage(), api.errors());
    } else if (unreachable(failure)) {
      log.warn("database unreachable on {} {}: {}", ctx.request().method(), ctx.request().path(),
          rootMessage(failure));
      if (!ctx.response().headWritten()) {
        ctx.response().putHeader("Retry-After", "1");
      }
      write(ctx, 503, "Service Unavailable", "The database cannot be reached right now; nothing "
          + "was changed. Try again shortly.", List.of());
    } else if (failure instanceof HttpException http) {
      write(ctx, http.getStatusCode(), reason(http.getStatusCode()),
          http.getPayload() != null ? http.getPayload() : reason(http.getStatusCode()), List.of());
    } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      // A handler's own refusal (CorsHandler fails a foreign origin with 403 and an exception).
      write(ctx, ctx.statusCode(), reason(ctx.statusCode()), detail(ctx.statusCode()), List.of());
    } else {
      log.error("unexpected failure on {} {}", ctx.request().method(), ctx.request().path(),
          failure);
      write(ctx, 500, "Internal Server Error", "Something went wrong on our side.", List.of());
    }
  }

  /**
   * Whether {@code failure} comes from the database being out of reach: no pooled connection
   * in time, or a connection-class SQLSTATE (08xxx, or 57P0x: the server shut down or is
   * starting). A transaction that fails so is rolled back by the database, so nothing is
   * half-written.
   */
  static boolean unreachable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.sql.SQLTransientConnectionException
          || cause instanceof java.sql.SQLNonTransientConnectionException) {
        return true;
      }
      if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.toString();
  }

  /**
   * A route handler for a resource path whose own routes did not match the method: 405 with
   * the {@code Allow} header. Mount it after the path's routes; without it the static files
   * route, which takes every method, would turn a wrong method into a 404.
   */
  public static Handler<RoutingContext> allowOnly(String... methods) {
    String allow = String.join(", ", methods);
    return ctx -> {
      ctx.response().putHeader("Allow", allow);
      ctx.fail(new ApiException(405, "Method Not Allowed", ctx.request().method().name()
          + " is not allowed here; use " + allow + "."));
    };
  }

  /** Writes one problem response unless a response was already started. */
  public static void write(RoutingContext ctx, int status, String title, String detail,
                           List<ApiException.FieldError> errors) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      if (!response.ended()) {
        response.reset();
      }
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    body.put("instance", ctx.request().path());
    if (!errors.isEmpty()) {
      body.put("errors", errors);
    }
    response.setStatusCode(status)
        .putHeader("Content-Type", "application/problem+json")
        .end(Json.write(body));
  }

  private static String detail(int status) {
    return switch (status) {
      case 403 -> "This request is not allowed from here.";
      case 404 -> "No such resource.";
      case 405 -> "That method is not allowed here.";
      case 413 -> "The request body is too large.";
      default -> reason(status);
    };
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Content";
      case 428 -> "Precondition Required";
      case 429 -> "Too Many Requests";
      default -> status >= 500 ? "Internal Server Error" : "Error";
    };
  }
}

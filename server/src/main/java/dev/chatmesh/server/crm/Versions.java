package dev.chatmesh.server.crm;

import dev.chatmesh.server.http.ApiException;
import dev.chatmesh.server.http.Input;
import io.vertx.ext.web.RoutingContext;

/**
 * Optimistic concurrency, one rule for every resource: an update names the version it was based
 * on (428 without one); inside its change, which holds the company's write lock, it reads the
 * row, {@link #check}s that version (409 when it moved on) and writes
 * {@code version = version + 1}. The lock makes read-then-check race-free, so no update repeats
 * the check in its {@code WHERE}.
 */
public final class Versions {

  private Versions() {
  }

  /** The version from the body's {@code version} or the {@code If-Match} header; 428 if none. */
  public static int expected(RoutingContext ctx, Input in) {
    Integer fromBody = in.integer("version", false, 1, Integer.MAX_VALUE);
    if (fromBody != null) {
      return fromBody;
    }
    String header = ctx.request().getHeader("If-Match");
    if (header != null) {
      String value = header.strip().replace("W/", "").replace("\"", "");
      try {
        int version = Integer.parseInt(value);
        if (version > 0) {
          return version;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw ApiException.badRequest("If-Match must be the version number being updated.");
    }
    if (in.has("version")) {
      in.validate();
    }
    throw new ApiException(428, "Precondition Required",
        "Send the version you are updating, as 'version' in the body or as If-Match.");
  }

  /** Throws 409 when {@code current} is not the version the client based its change on. */
  public static void check(String what, int current, int expected) {
    if (current != expected) {
      throw ApiException.conflict("The " + what + " was changed by someone else (now version "
          + current + ", you sent " + expected + "). Reload it and try again.");
    }
  }
}

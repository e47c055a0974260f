package dev.chatmesh.server.http;

import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/**
 * Query-string and path parameters, checked: a malformed number is a 400 (for a query
 * parameter) or a 404 (for a path id, since no such thing can exist).
 */
public final class Query {

  private Query() {
  }

  /** The path parameter {@code name} as an id; 404 when it is not one. */
  public static long pathId(RoutingContext ctx, String name, String what) {
    String raw = ctx.pathParam(name);
    try {
      long id = Long.parseLong(raw);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // falls through: an id that cannot exist is simply not found
    }
    throw ApiException.notFound(what);
  }

  /** An optional whole-number query parameter within bounds; 400 when malformed. */
  public static Long optionalLong(RoutingContext ctx, String name, long min, long max) {
    String raw = ctx.request().getParam(name);
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      long value = Long.parseLong(raw);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest("Query parameter '" + name + "' must be a whole number from "
        + min + " to " + max + ".");
  }

  /** An optional text query parameter of at most {@code max} characters; 400 when malformed. */
  public static String optionalText(RoutingContext ctx, String name, int max) {
    String raw = ctx.request().getParam(name);
    if (raw == null) {
      return null;
    }
    if (raw.length() > max) {
      throw ApiException.badRequest("Query parameter '" + name + "' must be at most " + max
          + " characters.");
    }
    // PostgreSQL cannot compare text with NUL in it; refuse it on every engine alike.
    if (raw.indexOf('\0') >= 0) {
      throw ApiException.badRequest("Query parameter '" + name + "' must not contain NUL.");
    }
    return raw;
  }

  /** An optional query parameter that must be one of {@code allowed}; 400 otherwise. */
  public static String optionalOneOf(RoutingContext ctx, String name, String... allowed) {
    String raw = ctx.request().getParam(name);
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    for (String value : allowed) {
      if (value.equals(raw)) {
        return value;
      }
    }
    throw ApiException.badRequest("Query parameter '" + name + "' must be one of "
        + String.join(", ", allowed) + ".");
  }

  /** The {@code limit}/{@code offset}/{@code q} of a list request. */
  public static Page page(RoutingContext ctx) {
    Long limit = optionalLong(ctx, "limit", 1, 200);
    Long offset = optionalLong(ctx, "offset", 0, Integer.MAX_VALUE);
    String q = optionalText(ctx, "q", 200);
    return new Page(limit == null ? 50 : limit.intValue(), offset == null ? 0 : offset.intValue(),
        q == null || q.isBlank() ? null : q.strip());
  }

  /**
   * Paging and search of a list request.
   *
   * @param limit  items per page (1..200, default 50)
   * @param offset items to skip
   * @param q      search text, or null
   */
  public record Page(int limit, int offset, String q) {

    /**
     * The SQL LIKE pattern of {@code q}, lower-cased with wildcards escaped for
     * {@code ESCAPE '!'}. Not a backslash: Jdbi's SQL parser reads {@code '\'} as an escaped
     * quote, which garbles a statement with more than one such clause.
     */
    public String like() {
      String escaped = q.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%")
          .replace("_", "!_");
      return "%" + escaped + "%";
    }
  }
}

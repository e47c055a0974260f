package dev.chatmesh.server.http;

import io.vertx.ext.web.RoutingContext;

/**
 * Reads the credential of an {@code Authorization: Bearer …} header, the one place that parses
 * it for session tokens and API keys alike.
 */
public final class Bearer {

  private static final String SCHEME = "Bearer ";

  private Bearer() {
  }

  /** The credential after {@code Bearer } (scheme case-insensitive), or null when there is none. */
  public static String credential(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return null;
    }
    return header.substring(SCHEME.length()).strip();
  }
}

package dev.chatmesh.server.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Refuses cross-site state changes (CSRF): a {@code POST}, {@code PUT}, {@code PATCH} or
 * {@code DELETE} under {@code /api/} that carries no {@code Authorization: Bearer} header (so a
 * browser's cookie is what would count) is answered 403, before anything is read or changed,
 * when its {@code Origin} (or, without one, its {@code Referer}) is neither the node's own
 * origin (the {@code Host} it was sent to) nor a trusted one ({@code CORS_ORIGINS}). A request
 * naming no origin at all (curl, a backend) passes: only browsers are steered by other sites,
 * and they name the origin of every cross-site state change.
 */
public final class OriginCheck implements Handler<RoutingContext> {

  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD,
      HttpMethod.OPTIONS);

  private final Set<String> trusted;

  /** Trusts the node's own origin and {@code trustedOrigins} (e.g. https://app.example.com). */
  public OriginCheck(List<String> trustedOrigins) {
    this.trusted = trustedOrigins.stream().map(OriginCheck::normalize)
        .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (SAFE.contains(ctx.request().method()) || Bearer.credential(ctx) != null) {
      ctx.next();
      return;
    }
    String origin = ctx.request().getHeader("Origin");
    if (origin == null) {
      origin = ctx.request().getHeader("Referer");
    }
    if (origin == null || allowed(origin, ctx.request().getHeader("Host"))) {
      ctx.next();
      return;
    }
    ctx.fail(ApiException.forbidden("This request comes from a page of another site ("
        + printable(origin) + "); changes are accepted only from this node's own pages (its Host or "
        + "PUBLIC_URL) and the origins in CORS_ORIGINS."));
  }

  private boolean allowed(String origin, String host) {
    String normalized = normalize(origin);
    return normalized != null && (trusted.contains(normalized) || sameHost(normalized, host));
  }

  /**
   * Whether the origin names the host the request came to. The scheme is not compared: TLS
   * often ends at a proxy in front of the node, which then sees plain HTTP.
   */
  private static boolean sameHost(String normalized, String host) {
    if (host == null || host.isBlank()) {
      return false;
    }
    URI origin = URI.create(normalized);
    URI requested = parse("http://" + host.strip());
    if (requested == null || requested.getHost() == null) {
      return false;
    }
    int port = origin.getPort();
    return origin.getHost().equalsIgnoreCase(requested.getHost())
        && (requested.getPort() == -1 ? port == 80 || port == 443 : requested.getPort() == port);
  }

  /** scheme://host:port in lower case with the port always written; null when not a URL. */
  private static String normalize(String url) {
    URI uri = parse(url.strip());
    if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
      return null;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
  }

  private static URI parse(String text) {
    try {
      return new URI(text);
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  private static String printable(String origin) {
    String shown = origin.length() > 100 ? origin.substring(0, 100) + "…" : origin;
    return shown.replaceAll("[^\\x20-\\x7e…]", "?");
  }
}

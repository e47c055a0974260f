package dev.chatmesh.server.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;

/**
 * The client's address: the connection's peer, or, when the peer is a trusted load balancer
 * ({@code TRUSTED_PROXIES}), the address it names in {@code X-Real-IP}. A header from anyone
 * else is ignored, so a client cannot choose its own address (for login throttling).
 */
public final class ClientAddress {

  private static final String KEY = "chatmesh.clientAddress";

  private ClientAddress() {
  }

  /** A router handler that records the client's address for {@link #of}. */
  public static Handler<RoutingContext> handler(Set<String> trustedProxies) {
    return ctx -> {
      String peer = ctx.request().remoteAddress() == null ? "unknown"
          : ctx.request().remoteAddress().hostAddress();
      String named = ctx.request().getHeader("X-Real-IP");
      ctx.put(KEY, trustedProxies.contains(peer) && named != null && !named.isBlank()
          ? named.strip() : peer);
      ctx.next();
    };
  }

  /** The client's address as recorded by {@link #handler}. */
  public static String of(RoutingContext ctx) {
    String address = ctx.get(KEY);
    return address != null ? address : "unknown";
  }
}

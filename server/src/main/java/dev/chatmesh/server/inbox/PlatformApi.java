package dev.chatmesh.server.inbox;

import dev.chatmesh.server.Config;
import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;

import java.time.Duration;

/**
 * A platform's send API: the seam between the send queue and Facebook, Zalo or TikTok. An
 * implementation never fails its future; every problem is an {@link Outcome}.
 */
public interface PlatformApi {

  /** How long one call may take before it counts as a transient failure. */
  Duration TIMEOUT = Duration.ofSeconds(10);

  /** Sends {@code message} once. */
  Future<Outcome> send(Outbound message);

  /** The real API of {@code platform} at the configured base URL. */
  static PlatformApi of(Platform platform, WebClient client, Config.PlatformUrls urls,
                        Duration timeout) {
    return switch (platform) {
      case FACEBOOK -> new FacebookApi(client, urls.facebook(), timeout);
      case ZALO -> new ZaloApi(client, urls.zalo(), timeout);
      case TIKTOK -> new TikTokApi(client, urls.tiktok(), timeout);
    };
  }
}

package dev.chatmesh.server.inbox;

import dev.chatmesh.server.json.Json;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A company's account on a messaging platform, as answers and events show it: never with its
 * credentials, only whether it has what sending needs.
 *
 * @param id          the channel id
 * @param platform    {@code facebook}, {@code zalo} or {@code tiktok}
 * @param name        a display name
 * @param externalId  the Facebook Page id, Zalo OA id or TikTok business id
 * @param canSend     whether an access token is set, so agents' replies can be delivered
 * @param webhookPath where the platform delivers, relative to the node's base URL
 * @param createdAt   created
 * @param updatedAt   last changed
 * @param version     optimistic concurrency version
 */
public record Channel(long id, String platform, String name, String externalId, boolean canSend,
                      String webhookPath, String createdAt, String updatedAt, int version) {

  /** The SELECT that {@link #map} reads, channel {@code ch}. */
  static final String SELECT = "SELECT ch.id, ch.platform, ch.name, ch.external_id, "
      + "ch.access_token IS NOT NULL AS can_send, ch.created_at, ch.updated_at, ch.version "
      + "FROM channels ch";

  static Channel map(ResultSet rs) throws SQLException {
    long id = rs.getLong("id");
    String platform = rs.getString("platform");
    return new Channel(id, platform, rs.getString("name"), rs.getString("external_id"),
        rs.getBoolean("can_send"), "/webhooks/" + platform + "/" + id,
        Json.timestamp(rs.getLong("created_at")), Json.timestamp(rs.getLong("updated_at")),
        rs.getInt("version"));
  }
}

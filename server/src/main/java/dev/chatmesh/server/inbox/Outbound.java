package dev.chatmesh.server.inbox;

/**
 * One agent message as a platform's send API needs it.
 *
 * @param accountId   the Facebook Page id, Zalo OA id or TikTok business id of the channel
 * @param accessToken the channel's token; never printed
 * @param recipient   the conversation's {@code platform_thread_id}: the user's id, or TikTok's
 *                    conversation id
 * @param text        the message text
 */
public record Outbound(String accountId, String accessToken, String recipient, String text) {

  @Override
  public String toString() {
    return "Outbound[to " + recipient + " via " + accountId + ", " + text.length() + " chars]";
  }
}

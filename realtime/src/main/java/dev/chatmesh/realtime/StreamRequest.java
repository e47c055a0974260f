package dev.chatmesh.realtime;

import java.time.Instant;

/**
 * Who opens a stream and what they asked for; built by the application after it checked the
 * caller's membership.
 *
 * @param companyId   the one company this stream belongs to
 * @param memberId    the caller's membership (employee) id in that company
 * @param accountId   the caller's account, for the per-account limit
 * @param sessionId   the caller's session, so a logout can end its streams
 * @param topics      the topics asked for
 * @param lastEventId the id the client saw last, or null for a fresh start at the head
 * @param expiresAt   when the caller's credentials expire; the stream is revoked then
 * @param pingAsEvent send heartbeats as a named {@code ping} event instead of a comment, for
 *                    clients (EventSource) that cannot see comments
 */
public record StreamRequest(long companyId, long memberId, long accountId, String sessionId,
                            TopicFilter topics, Long lastEventId, Instant expiresAt,
                            boolean pingAsEvent) {
}

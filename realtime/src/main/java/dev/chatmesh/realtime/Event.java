package dev.chatmesh.realtime;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;

import java.util.Objects;

/**
 * One committed change of a company, as every stream sees it. The SSE frame is encoded once,
 * here, and the same bytes are shared by every subscriber.
 *
 * @param companyId   the tenant the event belongs to
 * @param seq         the company's event sequence number: strictly increasing, gap-free
 * @param type        the event type, e.g. {@code customer_updated}
 * @param topic       the topic a stream may filter on, e.g. {@code customers}
 * @param recipientId when not null, only the member with this id receives the event
 * @param revokes     when not null, the member with this id loses access: their streams end
 * @param json        the JSON envelope carried in the frame's {@code data}
 * @param createdNanos {@link System#nanoTime()} when this process created the event, or 0 when
 *                    it came from elsewhere (history, another node); feeds the latency histogram
 * @param frame       the SSE frame
 * @param chunk       the same frame as an HTTP/1.1 chunk, shared by every stream that writes it
 *                    straight to its socket
 */
public record Event(long companyId, long seq, String type, String topic, Long recipientId,
                    Long revokes, String json, long createdNanos, Buffer frame, ByteBuf chunk) {

  /** Validates the fields and encodes the frame. */
  public Event {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(json, "json");
    if (frame == null) {
      frame = SseFrames.event(Long.toString(seq), type, json);
    }
    if (chunk == null) {
      chunk = Chunks.of(frame);
    }
  }

  /** An event whose frame is encoded from its fields. */
  public static Event of(long companyId, long seq, String type, String topic, Long recipientId,
                         Long revokes, String json, long createdNanos) {
    return new Event(companyId, seq, type, topic, recipientId, revokes, json, createdNanos, null,
        null);
  }

  /** Whether a member with {@code memberId} subscribed to {@code topics} should receive it. */
  boolean isFor(long memberId, TopicFilter topics) {
    return (recipientId == null || recipientId == memberId) && topics.accepts(topic);
  }

  @Override
  public String toString() {
    return "Event[" + companyId + "#" + seq + " " + type + "]";
  }
}

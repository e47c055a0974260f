package dev.chatmesh.realtime;

import java.util.Objects;

/**
 * One committed change of a company, as data; how it goes on the wire is {@link Frame}'s
 * business, so a history row or a long-poll answer costs no encoding.
 *
 * @param companyId    the tenant the event belongs to
 * @param seq          the company's event sequence number: strictly increasing, gap-free
 * @param type         the event type, e.g. {@code customer_updated}
 * @param topic        the topic a stream may filter on, e.g. {@code customers}
 * @param recipientId  when not null, only the member with this id receives the event
 * @param revokes      when not null, the member with this id loses access: their streams end
 * @param json         the JSON envelope ({@link Wire#envelope}) carried in the frame's
 *                     {@code data}
 * @param createdNanos {@link System#nanoTime()} when this process created the event, or 0 when
 *                     it came from elsewhere (history, another node); feeds the latency
 *                     histogram
 */
public record Event(long companyId, long seq, String type, String topic, Long recipientId,
                    Long revokes, String json, long createdNanos) {

  /** Validates the fields. */
  public Event {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(json, "json");
  }

  /** An event; the same as the constructor, which call sites read better as a factory. */
  public static Event of(long companyId, long seq, String type, String topic, Long recipientId,
                         Long revokes, String json, long createdNanos) {
    return new Event(companyId, seq, type, topic, recipientId, revokes, json, createdNanos);
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

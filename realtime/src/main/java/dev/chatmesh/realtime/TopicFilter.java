package dev.chatmesh.realtime;

import java.util.Set;

/**
 * The topics a stream asked for; empty means every topic.
 *
 * @param topics the accepted topics, or empty for all
 */
public record TopicFilter(Set<String> topics) {

  /** Accepts every topic. */
  public static final TopicFilter ALL = new TopicFilter(Set.of());

  /** Copies the set. */
  public TopicFilter {
    topics = Set.copyOf(topics);
  }

  /** Parses a comma-separated list such as {@code customers,notes}; blank means all. */
  public static TopicFilter parse(String commaList) {
    if (commaList == null || commaList.isBlank()) {
      return ALL;
    }
    Set<String> set = new java.util.HashSet<>();
    for (String part : commaList.split(",")) {
      String topic = part.strip();
      if (!topic.isEmpty()) {
        set.add(topic);
      }
    }
    return new TopicFilter(set);
  }

  /** Whether events of {@code topic} pass. */
  public boolean accepts(String topic) {
    return topics.isEmpty() || topics.contains(topic);
  }
}

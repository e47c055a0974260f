package dev.chatmesh.server.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The event catalog (SPEC §3): every event type the server itself emits, with its topic. Every
 * emit names one of these, the publish API refuses them (and the stream's control names) as
 * custom types, and the web app's {@code catalog.js} is checked against this list by a test.
 */
public enum Catalog {
  CUSTOMER_CREATED("customers"),
  CUSTOMER_UPDATED("customers"),
  CUSTOMER_DELETED("customers"),
  EMPLOYEE_CREATED("employees"),
  EMPLOYEE_UPDATED("employees"),
  EMPLOYEE_DELETED("employees"),
  INVITATION_CREATED("invitations"),
  INVITATION_UPDATED("invitations"),
  NOTE_CREATED("notes"),
  NOTE_UPDATED("notes"),
  NOTE_DELETED("notes"),
  CHANNEL_CREATED("channels"),
  CHANNEL_UPDATED("channels"),
  CHANNEL_DELETED("channels"),
  CONVERSATION_CREATED("conversations"),
  CONVERSATION_UPDATED("conversations"),
  MESSAGE_RECEIVED("messages"),
  MESSAGE_SENT("messages"),
  MESSAGE_UPDATED("messages"),
  ACTIVITY_CREATED("activity"),
  NOTIFICATION_CREATED("notifications"),
  NOTIFICATION_DELETED("notifications");

  /**
   * Names the stream itself uses (its control frames) or that an {@code EventSource} treats
   * specially; a published event with one of them would be misread by every client.
   */
  public static final Set<String> CONTROL = Set.of("ready", "reset", "revoked", "ping", "error",
      "open", "message");

  private static final Set<String> RESERVED = Arrays.stream(values()).map(Catalog::type)
      .collect(Collectors.collectingAndThen(Collectors.toSet(), names -> {
        names.addAll(CONTROL);
        return Set.copyOf(names);
      }));

  private final String type;
  private final String topic;

  Catalog(String topic) {
    this.type = name().toLowerCase(Locale.ROOT);
    this.topic = topic;
  }

  /** The event's name on the wire, e.g. {@code customer_updated}. */
  public String type() {
    return type;
  }

  /** The topic a stream subscribes to for this event. */
  public String topic() {
    return topic;
  }

  /** True for a catalog or control name, which a backend may not publish. */
  public static boolean reserved(String type) {
    return RESERVED.contains(type);
  }
}

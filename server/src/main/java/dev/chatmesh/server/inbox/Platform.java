package dev.chatmesh.server.inbox;

import java.util.Locale;

/** The messaging platforms a channel can connect; the name is the one used in paths and JSON. */
public enum Platform {
  FACEBOOK, ZALO, TIKTOK;

  /** The lower-case name, as in {@code /webhooks/facebook/{id}}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The platform called {@code id}, or null. */
  public static Platform of(String id) {
    for (Platform platform : values()) {
      if (platform.id().equals(id)) {
        return platform;
      }
    }
    return null;
  }

  /** How the platform is called in messages to people. */
  public String title() {
    return switch (this) {
      case FACEBOOK -> "Facebook";
      case ZALO -> "Zalo";
      case TIKTOK -> "TikTok";
    };
  }
}

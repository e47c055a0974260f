package dev.chatmesh.server;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings the node reads at start: a bad value stops it with a message naming the variable. */
class ConfigTest {

  @Test
  void aMisspelledLogLevelStopsTheNodeNamingIt() {
    assertThatThrownBy(() -> Config.from(Map.of("LOG_LEVEL", "WARNN")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LOG_LEVEL=WARNN: must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF");
  }

  @Test
  void logLevelsAreAcceptedInEitherCase() {
    assertThat(Config.from(Map.of("LOG_LEVEL", "debug"))).isNotNull();
    assertThat(Config.from(Map.of("LOG_LEVEL", "WARN"))).isNotNull();
  }

  @Test
  void anUnknownLogFormatStopsTheNodeNamingIt() {
    assertThatThrownBy(() -> Config.from(Map.of("LOG_FORMAT", "yaml")))
        .hasMessageContaining("LOG_FORMAT=yaml: must be one of text, json");
  }

  @Test
  void booleanSettingsReadTheSameUnderATurkishLocale() {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    try {
      // "I".toLowerCase() is a dotless ı there; settings are read in the root locale.
      assertThat(Config.from(Map.of("COOKIE_SECURE", "TRUE")).cookieSecure()).isTrue();
      assertThat(Config.from(Map.of("LOG_LEVEL", "info"))).isNotNull();
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void theSessionCookieIsSecureByDefaultBehindAnHttpsPublicUrl() {
    assertThat(Config.from(Map.of()).cookieSecure()).isFalse();
    assertThat(Config.from(Map.of("PUBLIC_URL", "http://localhost:8080")).cookieSecure()).isFalse();
    assertThat(Config.from(Map.of("PUBLIC_URL", "https://crm.example.com")).cookieSecure())
        .isTrue();
    assertThat(Config.from(Map.of("PUBLIC_URL", "https://crm.example.com",
        "COOKIE_SECURE", "false")).cookieSecure()).isFalse();
    assertThatThrownBy(() -> Config.from(Map.of("PUBLIC_URL", "crm.example.com")))
        .hasMessageContaining("PUBLIC_URL=crm.example.com: must be an http:// or https:// URL");
  }

  @Test
  void theIdleTimeoutMustOutlastHeartbeatsAndTheLongestLongPoll() {
    assertThat(Config.from(Map.of()).headerTimeout()).hasSeconds(10);
    assertThat(Config.from(Map.of()).idleTimeout()).hasSeconds(120);
    assertThatThrownBy(() -> Config.from(Map.of("IDLE_TIMEOUT_SECONDS", "30")))
        .hasMessageContaining("IDLE_TIMEOUT_SECONDS=30: must be more than HEARTBEAT_SECONDS and "
            + "more than 30");
    assertThatThrownBy(() -> Config.from(Map.of("IDLE_TIMEOUT_SECONDS", "40",
        "HEARTBEAT_SECONDS", "40"))).hasMessageContaining("IDLE_TIMEOUT_SECONDS=40");
  }
}

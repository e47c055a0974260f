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
}

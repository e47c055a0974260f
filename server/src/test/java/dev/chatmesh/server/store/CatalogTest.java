package dev.chatmesh.server.store;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The web app's copy of the event catalog cannot drift from the server's. */
class CatalogTest {

  @Test
  void theWebAppListensForExactlyTheEventTypesTheServerEmits() throws IOException {
    Set<String> server = Arrays.stream(Catalog.values()).map(Catalog::type)
        .collect(Collectors.toCollection(LinkedHashSet::new));
    assertThat(webArray("CATALOG_TYPES"))
        .as("web/js/realtime/catalog.js CATALOG_TYPES against the server's Catalog enum")
        .containsExactlyInAnyOrderElementsOf(server);
  }

  @Test
  void theWebAppsControlNamesAreReservedOnTheServer() throws IOException {
    assertThat(Catalog.CONTROL).containsAll(webArray("CONTROL_TYPES"));
    assertThat(Catalog.reserved("ping")).isTrue();
    assertThat(Catalog.reserved("customer_updated")).isTrue();
    assertThat(Catalog.reserved("order_shipped")).isFalse();
  }

  @Test
  void everyTypeIsItsNameInLowerCaseAndHasATopic() {
    for (Catalog type : Catalog.values()) {
      assertThat(type.type()).matches("[a-z]+_[a-z]+");
      assertThat(type.topic()).matches("[a-z]+");
    }
  }

  private static Set<String> webArray(String name) throws IOException {
    String source;
    try (InputStream in = CatalogTest.class.getResourceAsStream("/web/js/realtime/catalog.js")) {
      assertThat(in).as("catalog.js on the class path").isNotNull();
      source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher array = Pattern.compile("export const " + name + " = Object\\.freeze\\(\\[(.*?)]\\)",
        Pattern.DOTALL).matcher(source);
    assertThat(array.find()).as(name + " in catalog.js").isTrue();
    Set<String> names = new LinkedHashSet<>();
    Matcher quoted = Pattern.compile("'([a-z_]+)'").matcher(array.group(1));
    while (quoted.find()) {
      names.add(quoted.group(1));
    }
    return names;
  }
}

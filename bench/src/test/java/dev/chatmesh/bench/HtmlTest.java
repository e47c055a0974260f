package dev.chatmesh.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The report's charts are valid SVG whatever the machine's locale. */
class HtmlTest {

  @Test
  void underAGermanLocaleChartCoordinatesUseDecimalPoints() {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      String svg = Html.chart("latency", "clients", "ms", false, false, List.of(
          new Html.Series("p50", List.of(new double[] {1.5, 2.25}, new double[] {3.75, 4.5}))));
      // German formatting writes 12,5: inside x1=… or points="…" that is not a number.
      assertThat(svg).doesNotContainPattern("(x1|x2|y1|y2|x|y)=-?\\d+,\\d");
      assertThat(svg).containsPattern("points=['\"]?-?\\d+\\.\\d,-?\\d+\\.\\d");
    } finally {
      Locale.setDefault(before);
    }
  }
}

package dev.chatmesh.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * What a run prints and writes: the summary table (medians over runs, ChatMesh beside the
 * reference), the targets met or missed, {@code report.json} with everything measured,
 * and a self-contained {@code report.html} with the latency and throughput charts.
 */
final class Report {

  private Report() {
  }

  /** Latency percentiles of {@code histogram} (microseconds) and its percentile curve. */
  static JsonObject percentiles(Histogram histogram) {
    JsonObject out = new JsonObject().put("count", histogram.getTotalCount());
    if (histogram.getTotalCount() == 0) {
      return out;
    }
    out.put("p50", histogram.getValueAtPercentile(50))
        .put("p90", histogram.getValueAtPercentile(90))
        .put("p99", histogram.getValueAtPercentile(99))
        .put("p999", histogram.getValueAtPercentile(99.9))
        .put("max", histogram.getMaxValue())
        .put("mean", Math.round(histogram.getMean()));
    JsonArray curve = new JsonArray();
    for (HistogramIterationValue v : histogram.percentiles(5)) {
      curve.add(new JsonArray().add(v.getPercentileLevelIteratedTo())
          .add(v.getValueIteratedTo()));
      if (v.getPercentileLevelIteratedTo() >= 99.999) {
        break;
      }
    }
    out.put("curve", curve);
    return out;
  }

  /** The figures of one run worth a row in the table, by label. */
  static Map<String, Double> figures(JsonObject run) {
    Map<String, Double> f = new LinkedHashMap<>();
    JsonObject connect = run.getJsonObject("connect");
    f.put("load average at start", run.getDouble("loadAverageAtStart"));
    f.put("streams open", connect.getDouble("open"));
    f.put("connects/s", connect.getDouble("perSecond"));
    f.put("connect p99 (ms)", ms(connect.getJsonObject("latencyMicros"), "p99"));
    JsonObject memory = run.getJsonObject("memoryAfterHold", run.getJsonObject("memory"));
    Double perStream = memory.getDouble("perStreamBytes");
    f.put("server memory per stream (KB)", perStream == null ? null : perStream / 1024);
    Double heap = memory.getDouble("heapPerStreamBytes");
    f.put("  live heap per stream (KB)", heap == null ? null : heap / 1024);
    f.put("  RSS growth per stream (KB)", memory.getDouble("rssPerStreamBytes") / 1024);
    f.put("server RSS (MB)", memory.getDouble("rssAfterMb"));
    for (Object o : run.getJsonArray("phases", new JsonArray())) {
      JsonObject phase = (JsonObject) o;
      String name = phase.getString("name");
      if (name.equals("liveness") || name.equals("idle")) {
        if (name.equals("idle")) {
          f.put("idle: server CPU (cores)", phase.getDouble("serverCpuSeconds")
              / phase.getDouble("seconds"));
        }
        continue;
      }
      f.put(name + ": writes/s", phase.getDouble("writesPerSecond"));
      if (phase.containsKey("publishesPerSecond")) {
        f.put(name + ": publishes/s achieved", phase.getDouble("publishesPerSecond"));
        f.put(name + ": max behind schedule (ms)", phase.getDouble("maxBehindScheduleMs"));
      }
      f.put(name + ": frames/s", phase.getDouble("framesPerSecond"));
      f.put(name + ": server CPU us/frame", phase.getDouble("serverCpuMicrosPerFrame"));
      f.put(name + ": tool CPU (cores)", phase.getDouble("toolCpuSeconds")
          / phase.getDouble("seconds"));
      JsonObject latency = phase.getJsonObject("latencyMicros");
      for (String p : List.of("p50", "p90", "p99", "p999", "max")) {
        f.put(name + ": latency " + p + " (ms)", ms(latency, p));
      }
      JsonObject ack = phase.getJsonObject("writeAckMicros");
      f.put(name + ": write answered p50 (ms)", ms(ack, "p50"));
      f.put(name + ": write answered p99 (ms)", ms(ack, "p99"));
    }
    JsonObject storm = run.getJsonObject("storm");
    if (storm != null) {
      f.put("storm: all live again (s)", storm.getDouble("liveAgainSeconds"));
      f.put("storm: all caught up (s)", storm.getDouble("caughtUpSeconds"));
    }
    JsonObject ledger = run.getJsonObject("ledger");
    f.put("frames received", ledger.getDouble("framesReceived"));
    f.put("lost", ledger.getDouble("lost"));
    f.put("duplicated", ledger.getDouble("duplicated"));
    f.put("out of order", ledger.getDouble("reordered"));
    f.put("streams with loss", ledger.getDouble("streamsWithLoss"));
    f.put("unexpected drops", ledger.getDouble("drops"));
    f.put("failed writes", run.getJsonObject("writes").getDouble("failed"));
    return f;
  }

  /** Medians over runs, per target. */
  static Map<String, Map<String, Double>> medians(List<JsonObject> runs, List<String> targets) {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    for (String target : targets) {
      Map<String, List<Double>> values = new LinkedHashMap<>();
      for (JsonObject run : runs) {
        if (run.getString("target").equals(target)) {
          figures(run).forEach((k, v) -> values.computeIfAbsent(k, x -> new ArrayList<>())
              .add(v));
        }
      }
      Map<String, Double> medians = new LinkedHashMap<>();
      values.forEach((k, list) -> medians.put(k, median(list)));
      out.put(target, medians);
    }
    return out;
  }

  /** The targets for {@code scenario}, judged on the medians. */
  static List<String[]> targets(String scenario, Map<String, Map<String, Double>> m) {
    Map<String, Double> c = m.getOrDefault("chatmesh", Map.of());
    Map<String, Double> r = m.getOrDefault("reference", Map.of());
    List<String[]> out = new ArrayList<>();
    if (c.isEmpty()) {
      return out;
    }
    Double lossDupReorder = sum(c.get("lost"), c.get("duplicated"), c.get("out of order"));
    switch (scenario) {
      case "fanout" -> {
        check(out, "server CPU per delivered frame <= 8 us (saturation)",
            c.get("saturation: server CPU us/frame"), 8, false, "%.2f us");
        Double ratio = r.isEmpty() ? null
            : c.get("saturation: frames/s") / r.get("saturation: frames/s");
        check(out, "frames/s >= 1.5x the reference's", ratio, 1.5, true, "%.2fx");
        check(out, "p99 <= 100 ms at half the max rate", c.get("half-rate: latency p99 (ms)"),
            100, false, "%.1f ms");
        check(out, "zero lost/duplicated/out-of-order frames", lossDupReorder, 0, false, "%.0f");
        check(out, "connects >= 2,000 authenticated streams/s", c.get("connects/s"), 2000, true,
            "%.0f/s");
      }
      case "idle" -> {
        check(out, "19,000 streams on one node", c.get("streams open"), 19_000, true, "%.0f");
        check(out, "<= 8 KB per stream (live heap + RSS growth)",
            c.get("server memory per stream (KB)"), 8, false, "%.2f KB");
        check(out, "connects >= 2,000 authenticated streams/s", c.get("connects/s"), 2000, true,
            "%.0f/s");
        check(out, "every stream still live (liveness event, no loss)", lossDupReorder, 0, false,
            "%.0f");
      }
      case "open-fanout" -> {
        check(out, "F: server CPU per frame <= 1.0x the reference's",
            ratio(c, r, "open: server CPU us/frame"), 1.0, false, "%.2fx");
        check(out, "F: frames/s >= 1.0x the reference's", ratio(c, r, "open: frames/s"), 1.0,
            true, "%.2fx");
        check(out, "F: p99 <= 100 ms", c.get("open: latency p99 (ms)"), 100, false, "%.1f ms");
        check(out, "zero lost/duplicated/out-of-order frames", lossDupReorder, 0, false, "%.0f");
      }
      case "open-tenants" -> {
        check(out, "T: server CPU per frame <= 1.5x the reference's",
            ratio(c, r, "open: server CPU us/frame"), 1.5, false, "%.2fx");
        check(out, "T: p99 <= 20 ms", c.get("open: latency p99 (ms)"), 20, false, "%.1f ms");
        check(out, "zero lost/duplicated/out-of-order frames", lossDupReorder, 0, false, "%.0f");
      }
      case "open-idle" -> {
        check(out, "I: <= 16 KB RSS growth per idle stream", c.get("  RSS growth per stream (KB)"),
            16, false, "%.2f KB");
        check(out, "I: connects/s >= 0.7x the reference's", ratio(c, r, "connects/s"), 0.7,
            true, "%.2fx");
        check(out, "every stream still live (liveness event, no loss)", lossDupReorder, 0, false,
            "%.0f");
      }
      case "rest" -> {
        check(out, "customer update reaches the streams with p99 <= 50 ms",
            c.get("rest: latency p99 (ms)"), 50, false, "%.1f ms");
        check(out, "zero lost/duplicated/out-of-order frames", lossDupReorder, 0, false, "%.0f");
      }
      case "storm" -> {
        check(out, "all streams live again within 30 s", c.get("storm: all live again (s)"), 30,
            false, "%.1f s");
        check(out, "caught up (nothing missing) within 30 s", c.get("storm: all caught up (s)"),
            30, false, "%.1f s");
        check(out, "nothing missing: zero lost/duplicated/out-of-order", lossDupReorder, 0,
            false, "%.0f");
      }
      default -> check(out, "zero lost/duplicated/out-of-order frames", lossDupReorder, 0,
          false, "%.0f");
    }
    return out;
  }

  private static void check(List<String[]> out, String what, Double value, double limit,
                            boolean atLeast, String format) {
    String verdict;
    if (value == null) {
      verdict = "not measured";
    } else {
      boolean met = atLeast ? value >= limit : value <= limit;
      verdict = met ? "MET" : "MISSED";
    }
    out.add(new String[] {what, value == null ? "-" : String.format(Locale.ROOT, format, value), verdict});
  }

  /** Prints the table of medians and the targets. */
  static String table(String scenario, int runs, Map<String, Map<String, Double>> m) {
    StringBuilder out = new StringBuilder();
    List<String> targets = new ArrayList<>(m.keySet());
    out.append(String.format(Locale.ROOT, "%n%s — medians of %d run(s)%n", scenario, runs));
    out.append(String.format(Locale.ROOT, "%-38s", "figure"));
    targets.forEach(t -> out.append(String.format(Locale.ROOT, "%16s", t)));
    if (targets.size() == 2) {
      out.append(String.format(Locale.ROOT, "%10s", "ratio"));
    }
    out.append('\n');
    Map<String, Double> first = m.get(targets.get(0));
    for (String key : first.keySet()) {
      out.append(String.format(Locale.ROOT, "%-38s", key));
      for (String t : targets) {
        out.append(String.format(Locale.ROOT, "%16s", format(m.get(t).get(key))));
      }
      if (targets.size() == 2) {
        Double a = m.get(targets.get(0)).get(key);
        Double b = m.get(targets.get(1)).get(key);
        out.append(String.format(Locale.ROOT, "%10s", a == null || b == null || b == 0 ? ""
            : String.format(Locale.ROOT, "%.2f", a / b)));
      }
      out.append('\n');
    }
    List<String[]> checks = targets(scenario, m);
    if (!checks.isEmpty()) {
      out.append("\ntargets (ChatMesh medians)\n");
      for (String[] c : checks) {
        out.append(String.format(Locale.ROOT, "  %-58s %14s  %s%n", c[0], c[1], c[2]));
      }
    }
    return out.toString();
  }

  /** Writes {@code report.json} and {@code report.html} into {@code dir}. */
  static void write(Path dir, JsonObject report) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("report.json"), report.encodePrettily());
    Files.writeString(dir.resolve("report.html"), Html.page(report));
  }

  static String format(Double v) {
    if (v == null) {
      return "-";
    }
    if (Math.abs(v) >= 100 || v == Math.rint(v)) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static Double ms(JsonObject latency, String key) {
    Number value = latency == null ? null : latency.getNumber(key);
    return value == null ? null : value.doubleValue() / 1000.0;
  }

  private static Double ratio(Map<String, Double> c, Map<String, Double> r, String key) {
    Double a = c.get(key);
    Double b = r.get(key);
    return a == null || b == null || b == 0 ? null : a / b;
  }

  private static Double sum(Double... values) {
    double total = 0;
    for (Double v : values) {
      if (v == null) {
        return null;
      }
      total += v;
    }
    return total;
  }

  private static Double median(List<Double> values) {
    List<Double> present = values.stream().filter(v -> v != null).sorted().toList();
    if (present.isEmpty()) {
      return null;
    }
    int n = present.size();
    return n % 2 == 1 ? present.get(n / 2) : (present.get(n / 2 - 1) + present.get(n / 2)) / 2;
  }
}

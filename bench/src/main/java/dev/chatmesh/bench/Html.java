package dev.chatmesh.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * The self-contained HTML report: the summary table, the targets, and inline SVG charts
 * (throughput, latency over time, latency percentile curves, server CPU and memory). No
 * scripts, no external files: it opens anywhere.
 */
final class Html {

  private static final String[] COLORS = {"#1f6feb", "#d9480f", "#2f9e44", "#ae3ec9"};
  private static final int W = 760;
  private static final int H = 260;
  private static final int PAD_L = 64;
  private static final int PAD_B = 40;
  private static final int PAD_T = 28;
  private static final int PAD_R = 130;

  private Html() {
  }

  /** One line of a chart. */
  record Series(String name, List<double[]> points) {
  }

  static String page(JsonObject report) {
    String scenario = report.getString("scenario");
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!doctype html><html><head><meta charset=utf-8><title>ChatMesh bench: ")
        .append(esc(scenario)).append("</title><style>")
        .append("body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:900px;")
        .append("color:#222}table{border-collapse:collapse;margin:8px 0 20px}td,th{padding:3px")
        .append(" 10px;border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-")
        .append("child{text-align:left}.MET{color:#2f9e44;font-weight:600}.MISSED{color:#c92a2a;")
        .append("font-weight:600}svg{display:block;margin:8px 0 24px}code{background:#f3f3f3;")
        .append("padding:1px 4px}</style></head><body>");
    h.append("<h1>ChatMesh load test: ").append(esc(scenario)).append("</h1>");
    h.append("<p>").append(esc(report.getString("summary"))).append("<br>")
        .append(esc(report.getString("started"))).append(" · ")
        .append(esc(report.getString("machine"))).append("<br><code>")
        .append(esc(report.getString("command"))).append("</code></p>");

    JsonObject medians = report.getJsonObject("medians");
    List<String> targets = new ArrayList<>(medians.fieldNames());
    h.append("<h2>Medians of ").append(report.getInteger("runCount")).append(" run(s)</h2><table><tr>")
        .append("<th>figure</th>");
    targets.forEach(t -> h.append("<th>").append(esc(t)).append("</th>"));
    h.append("</tr>");
    JsonObject first = medians.getJsonObject(targets.get(0));
    for (String key : first.fieldNames()) {
      h.append("<tr><td>").append(esc(key)).append("</td>");
      for (String t : targets) {
        Number v = medians.getJsonObject(t).getNumber(key);
        h.append("<td>").append(Report.format(v == null ? null : v.doubleValue())).append("</td>");
      }
      h.append("</tr>");
    }
    h.append("</table>");
    JsonArray checks = report.getJsonArray("targets");
    if (!checks.isEmpty()) {
      h.append("<h2>Targets</h2><table><tr><th>target</th><th>ChatMesh</th><th>verdict</th></tr>");
      for (Object o : checks) {
        JsonArray c = (JsonArray) o;
        h.append("<tr><td>").append(esc(c.getString(0))).append("</td><td>")
            .append(esc(c.getString(1))).append("</td><td class=").append(c.getString(2))
            .append(">").append(c.getString(2)).append("</td></tr>");
      }
      h.append("</table>");
    }

    List<JsonObject> firstRuns = new ArrayList<>();
    for (String t : targets) {
      for (Object o : report.getJsonArray("runs")) {
        JsonObject run = (JsonObject) o;
        if (run.getString("target").equals(t)) {
          firstRuns.add(run);
          break;
        }
      }
    }
    h.append("<h2>Over time (first run of each target)</h2>");
    h.append(chart("Frames delivered per second", "seconds", "frames/s", false, false,
        timeline(firstRuns, "framesPerSecond", 1)));
    h.append(chart("Publish → receive latency, p99 per second", "seconds", "ms (log)", false,
        true, timeline(firstRuns, "p99", 0.001)));
    h.append(chart("Server CPU", "seconds", "cores", false, false,
        timeline(firstRuns, "serverCpu", 1)));
    h.append(chart("Server resident memory", "seconds", "MB", false, false,
        timeline(firstRuns, "serverRssMb", 1)));
    h.append(chart("Live streams", "seconds", "streams", false, false,
        timeline(firstRuns, "live", 1)));

    List<Series> curves = new ArrayList<>();
    for (JsonObject run : firstRuns) {
      for (Object o : run.getJsonArray("phases", new JsonArray())) {
        JsonObject phase = (JsonObject) o;
        JsonArray curve = phase.getJsonObject("latencyMicros").getJsonArray("curve");
        if (curve == null || curve.isEmpty()) {
          continue;
        }
        List<double[]> points = new ArrayList<>();
        for (Object p : curve) {
          JsonArray pair = (JsonArray) p;
          double pct = Math.min(pair.getDouble(0), 99.999);
          points.add(new double[] {1 / (1 - pct / 100), Math.max(0.01,
              pair.getDouble(1) / 1000.0)});
        }
        curves.add(new Series(run.getString("target") + " " + phase.getString("name"), points));
      }
    }
    h.append("<h2>Latency distribution</h2>");
    h.append(chart("Publish → receive latency by percentile (x: 1/(1-p): 10 = p90, 100 = p99,"
        + " 1000 = p99.9)", "percentile", "ms (log)", true, true, curves));
    h.append("<p>Raw data: <code>report.json</code> beside this file.</p></body></html>");
    return h.toString();
  }

  private static List<Series> timeline(List<JsonObject> runs, String field, double scale) {
    List<Series> out = new ArrayList<>();
    for (JsonObject run : runs) {
      List<double[]> points = new ArrayList<>();
      for (Object o : run.getJsonArray("timeline", new JsonArray())) {
        JsonObject row = (JsonObject) o;
        Number v = row.getNumber(field);
        if (v != null) {
          points.add(new double[] {row.getDouble("t"), v.doubleValue() * scale});
        }
      }
      out.add(new Series(run.getString("target"), points));
    }
    return out;
  }

  static String chart(String title, String xLabel, String yLabel, boolean logX, boolean logY,
                      List<Series> series) {
    double minX = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (Series s : series) {
      for (double[] p : s.points()) {
        if (logY && p[1] <= 0) {
          continue;
        }
        minX = Math.min(minX, p[0]);
        maxX = Math.max(maxX, p[0]);
        minY = Math.min(minY, p[1]);
        maxY = Math.max(maxY, p[1]);
      }
    }
    StringBuilder svg = new StringBuilder();
    svg.append("<svg xmlns='http://www.w3.org/2000/svg' width=").append(W).append(" height=")
        .append(H).append(" viewBox='0 0 ").append(W).append(' ').append(H).append("'>")
        .append("<text x=").append(PAD_L).append(" y=16 font-size=14 font-weight=600>")
        .append(esc(title)).append("</text>");
    if (minX == Double.MAX_VALUE) {
      return svg.append("<text x=80 y=120>no data</text></svg>").toString();
    }
    if (!logY) {
      minY = Math.min(0, minY);
    }
    if (maxY == minY) {
      maxY = minY + 1;
    }
    if (maxX == minX) {
      maxX = minX + 1;
    }
    Axis x = new Axis(minX, maxX, logX, PAD_L, W - PAD_R);
    Axis y = new Axis(minY, maxY, logY, H - PAD_B, PAD_T);
    svg.append("<g font-size=11 fill=#555>");
    for (double t : x.ticks()) {
      double px = x.pos(t);
      svg.append(String.format(Locale.ROOT, "<line x1=%.1f x2=%.1f y1=%d y2=%d stroke=#eee />", px, px,
          PAD_T, H - PAD_B));
      svg.append(String.format(Locale.ROOT, "<text x=%.1f y=%d text-anchor=middle>%s</text>", px,
          H - PAD_B + 14, Report.format(t)));
    }
    for (double t : y.ticks()) {
      double py = y.pos(t);
      svg.append(String.format(Locale.ROOT, "<line x1=%d x2=%d y1=%.1f y2=%.1f stroke=#eee />", PAD_L,
          W - PAD_R, py, py));
      svg.append(String.format(Locale.ROOT, "<text x=%d y=%.1f text-anchor=end>%s</text>", PAD_L - 6, py + 4,
          Report.format(t)));
    }
    svg.append(String.format(Locale.ROOT, "<text x=%d y=%d text-anchor=middle>%s</text>",
        (PAD_L + W - PAD_R) / 2, H - 6, esc(xLabel)));
    svg.append(String.format(Locale.ROOT, "<text x=14 y=%d transform='rotate(-90 14 %d)' "
        + "text-anchor=middle>%s</text></g>", (H - PAD_B + PAD_T) / 2, (H - PAD_B + PAD_T) / 2,
        esc(yLabel)));
    int i = 0;
    for (Series s : series) {
      String color = COLORS[i % COLORS.length];
      StringBuilder pts = new StringBuilder();
      for (double[] p : s.points()) {
        if (logY && p[1] <= 0) {
          continue;
        }
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.pos(p[0]), y.pos(p[1])));
      }
      svg.append("<polyline fill=none stroke-width=1.6 stroke='").append(color)
          .append("' points='").append(pts).append("'/>");
      svg.append(String.format(Locale.ROOT, "<text x=%d y=%d font-size=12 fill='%s'>%s</text>",
          W - PAD_R + 8, PAD_T + 14 + 16 * i, color, esc(s.name())));
      i++;
    }
    return svg.append("</svg>").toString();
  }

  /** One axis mapping data values to pixels, linear or logarithmic. */
  private record Axis(double min, double max, boolean log, double from, double to) {
    double pos(double v) {
      double a = log ? Math.log10(Math.max(v, min)) : v;
      double lo = log ? Math.log10(min) : min;
      double hi = log ? Math.log10(max) : max;
      return from + (a - lo) / (hi - lo) * (to - from);
    }

    List<Double> ticks() {
      List<Double> ticks = new ArrayList<>();
      if (log) {
        for (double t = Math.pow(10, Math.floor(Math.log10(min))); t <= max * 1.0001; t *= 10) {
          if (t >= min * 0.9999) {
            ticks.add(t);
          }
        }
        return ticks;
      }
      double step = nice((max - min) / 5);
      for (double t = Math.ceil(min / step) * step; t <= max + 1e-9; t += step) {
        ticks.add(t);
      }
      return ticks;
    }

    private static double nice(double raw) {
      double exp = Math.pow(10, Math.floor(Math.log10(raw)));
      double f = raw / exp;
      return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * exp;
    }
  }

  static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("'", "&#39;");
  }

  /** For callers that hold medians as maps. */
  static JsonObject toJson(Map<String, Map<String, Double>> medians) {
    JsonObject out = new JsonObject();
    medians.forEach((target, figures) -> {
      JsonObject f = new JsonObject();
      figures.forEach(f::put);
      out.put(target, f);
    });
    return out;
  }
}

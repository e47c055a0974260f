package dev.chatmesh.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code chatmesh-bench}: the load tool. One subcommand per named scenario, run against
 * ChatMesh and the reference broadcaster in the same invocation; plus {@code reference} (run the
 * reference broadcaster alone) and {@code jmh} (the JMH benchmarks).
 */
@Command(name = "chatmesh-bench", mixinStandardHelpOptions = true,
    description = "Load tool for ChatMesh's realtime stream, beside a minimal reference "
        + "broadcaster. Starts each server as a child process on 127.0.0.1, sets up companies "
        + "through the public API, opens the streams and writes, then prints a table and "
        + "writes report.json and report.html.",
    subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("jmh")) {
      // JMH parses its own options; picocli would reject them
      org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    CommandLine line = new CommandLine(new Main());
    for (Scenario s : List.of(Scenario.IDLE, Scenario.FANOUT, Scenario.TENANTS, Scenario.REST,
        Scenario.STORM, Scenario.OPEN_FANOUT, Scenario.OPEN_TENANTS, Scenario.OPEN_IDLE)) {
      CommandLine sub = new CommandLine(new ScenarioCommand(s)).setUsageHelpAutoWidth(true);
      sub.getCommandSpec().usageMessage().description(s.summary() + " (defaults: "
          + s.streams() + " streams, " + s.companies() + " companies)");
      line.addSubcommand(s.name(), sub);
    }
    line.addSubcommand("reference", new ReferenceCommand());
    line.addSubcommand("jmh", new JmhCommand());
    System.exit(line.execute(args));
  }

  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 0;
  }

  /** Runs one named scenario. */
  @Command(mixinStandardHelpOptions = true)
  static final class ScenarioCommand implements Callable<Integer> {
    private final Scenario scenario;
    @Mixin
    Options options;

    ScenarioCommand(Scenario scenario) {
      this.scenario = scenario;
    }

    @Override
    public Integer call() throws Exception {
      JsonObject report = run(scenario, options, String.join(" ", ProcessHandle.current().info()
          .arguments().map(a -> List.of(a)).orElse(List.of())));
      return report.getJsonArray("runs").isEmpty() ? 1 : 0;
    }
  }

  /** Runs {@code scenario} as {@code options} say and writes the reports; returns the report. */
  static JsonObject run(Scenario scenario, Options options, String command) throws Exception {
    options.asUsers = scenario.asUsers();
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path dir = options.out.resolve(scenario.name() + "-" + stamp);
    Files.createDirectories(dir);
    List<Target> targets = new ArrayList<>();
    for (String name : options.targets) {
      targets.add(switch (name.trim()) {
        case "chatmesh" -> new ChatMeshTarget(options.serverJar.toAbsolutePath());
        case "reference" -> new ReferenceTarget();
        default -> throw new CommandLine.ParameterException(new CommandLine(options),
            "unknown target " + name + " (chatmesh, reference)");
      });
    }
    if (options.attachPort == 0 && targets.stream().anyMatch(t -> t instanceof ChatMeshTarget)
        && !Files.exists(options.serverJar)) {
      throw new IllegalStateException("no server jar at " + options.serverJar
          + ": build it (mvn -q -B install -DskipTests) or pass --server-jar");
    }
    String machine = Machine.describe();
    Runner.say("%s: %s — %s", scenario.name(), scenario.summary(), machine);
    List<JsonObject> runs = new ArrayList<>();
    for (int r = 1; r <= options.runs; r++) {
      // ABBA: a run's place in its pair moves its figures (open-idle connects/s: ChatMesh
      // 941-1,187 going first, 325-493 going second; the reference 644-874 and 466-609), so
      // the targets take turns at going first
      List<Target> order = new ArrayList<>(targets);
      if (r % 2 == 0) {
        Collections.reverse(order);
      }
      for (Target target : order) {
        Runner.say("== run %d/%d: %s", r, options.runs, target.name());
        try {
          JsonObject run = new Runner(scenario, options, target, dir).run();
          run.put("run", r);
          runs.add(run);
        } catch (Exception e) {
          System.err.println(target.name() + " run " + r + " failed: " + e);
          e.printStackTrace();
        }
      }
    }
    List<String> names = targets.stream().map(Target::name).toList();
    JsonObject report = new JsonObject()
        .put("scenario", scenario.name())
        .put("summary", scenario.summary())
        .put("started", stamp)
        .put("machine", machine)
        .put("command", "chatmesh-bench " + scenario.name() + " " + command)
        .put("runCount", options.runs)
        .put("serverJvm", options.asUsers ? "chatmesh: " + options.launcher
            + " as is; reference: " + options.referenceJvm : options.serverJvm)
        .put("verticles", options.verticles);
    if (!runs.isEmpty()) {
      Map<String, Map<String, Double>> medians = Report.medians(runs, names.stream()
          .filter(n -> runs.stream().anyMatch(r -> r.getString("target").equals(n))).toList());
      System.out.print(Report.table(scenario.name(), options.runs, medians));
      JsonArray checks = new JsonArray();
      Report.targets(scenario.name(), medians).forEach(c -> checks.add(new JsonArray(List.of(
          (Object[]) c))));
      report.put("medians", Html.toJson(medians)).put("targets", checks);
    }
    report.put("runs", new JsonArray(new ArrayList<>(runs)));
    if (!runs.isEmpty()) {
      Report.write(dir, report);
      System.out.println("\nreport: " + dir.resolve("report.html"));
    }
    return report;
  }

  /** Runs the reference broadcaster in the foreground, for driving it by hand. */
  @Command(name = "reference", mixinStandardHelpOptions = true,
      description = "Runs the reference broadcaster: GET /stream?company=K, "
          + "POST /publish?company=K")
  static final class ReferenceCommand implements Callable<Integer> {
    @Parameters(index = "0", defaultValue = "8090", description = "port")
    int port;
    @Parameters(index = "1", defaultValue = "2", description = "HTTP verticles")
    int verticles;

    @Override
    public Integer call() throws Exception {
      Reference.main(new String[] {Integer.toString(port), Integer.toString(verticles)});
      Thread.currentThread().join();
      return 0;
    }
  }

  /** Hands its arguments to JMH's own runner. */
  @Command(name = "jmh", description = "Runs the JMH benchmarks (arguments go to JMH; -h lists "
      + "them)")
  static final class JmhCommand implements Callable<Integer> {
    @Parameters(arity = "0..*")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      org.openjdk.jmh.Main.main(args.toArray(String[]::new));
      return 0;
    }
  }
}

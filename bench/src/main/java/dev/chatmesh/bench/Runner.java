package dev.chatmesh.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.Locale;

/**
 * Runs one scenario against one target, start to finish: starts the server, sets up companies
 * through its API, opens the streams, runs the scenario's phases, checks every stream's ledger
 * against the companies' final sequence, stops the server and returns what it measured.
 */
final class Runner {

  private final Scenario scenario;
  private final Options options;
  private final Target target;
  private final Path dir;

  Runner(Scenario scenario, Options options, Target target, Path dir) {
    this.scenario = scenario;
    this.options = options;
    this.target = target;
    this.dir = dir;
  }

  JsonObject run() throws Exception {
    int streamCount = options.streams != null ? options.streams : scenario.streams();
    int companies = Math.min(streamCount,
        options.companies != null ? options.companies : scenario.companies());
    int members = options.members != null ? options.members : scenario.members();
    double seconds = options.seconds != null ? options.seconds : scenario.seconds();
    double rate = options.rate != null ? options.rate : scenario.rate();
    int sources = options.sources > 0 ? options.sources : Math.max(1, (streamCount + 7_999) / 8_000);
    int port = options.attachPort > 0 ? options.attachPort
        : options.port > 0 ? options.port : freePort();
    JsonObject result = new JsonObject().put("target", target.name())
        .put("scenario", scenario.name()).put("streams", streamCount)
        .put("companies", companies).put("members", members)
        .put("payloadBytes", options.payloadBytes).put("sourceAddresses", sources)
        .put("loadAverageAtStart", Machine.loadAverage());
    say("%s / %s: %,d streams, %,d companies, server on port %d", scenario.name(),
        target.name(), streamCount, companies, port);

    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    ServerProcess server = options.attachPort > 0
        ? ServerProcess.attach(options.attachPid > 0 ? options.attachPid
            : ProcessHandle.current().pid(), port)
        : target.start(options, port, dir);
    Tally tally = new Tally();
    Fleet fleet = null;
    Sampler sampler = null;
    try (Api api = new Api(vertx, port, 16, target instanceof ReferenceTarget)) {
      result.put("serverPid", server.pid);
      List<Tenant> tenants = setup(api, companies, members);
      List<Stream> streams = new ArrayList<>(streamCount);
      for (int i = 0; i < streamCount; i++) {
        Tenant tenant = tenants.get(i % companies);
        tenant.streams++;
        streams.add(new Stream(i, tenant));
      }
      fleet = new Fleet(target, tally, port, options.clientThreads, sources,
          options.connectConcurrency, scenario.rest() ? target.restEventType() : null);
      Driver driver = new Driver(vertx, target, api, tenants, tally, scenario.rest(),
          options.payloadBytes);
      Fleet liveFleet = fleet;
      sampler = new Sampler(tally, server, liveFleet::live, driver.sent::get);

      // as users run it nobody forces a GC or attaches: RSS is what the OS sees
      boolean attach = !options.asUsers;
      if (attach) {
        server.heapAfterGc();
      }
      Thread.sleep(1000);
      long heapBefore = attach ? server.heapAfterGc() : -1;
      long rssBefore = server.rssBytes();
      Sampler.Phase connect = sampler.begin("connect");
      long t0 = System.nanoTime();
      fleet.open(streams);
      boolean allOpen = new Progress("opening streams", streamCount)
          .await(liveFleet::live, 240_000, () -> tally.refused.sum());
      double connectSeconds = (System.nanoTime() - t0) / 1e9;
      sampler.end();
      Histogram connectLatency = tally.connect.getIntervalHistogram();
      result.put("connect", new JsonObject()
          .put("allOpen", allOpen).put("open", fleet.live())
          .put("seconds", connectSeconds)
          .put("perSecond", fleet.live() / connectSeconds)
          .put("serverCpuSeconds", connect.cpu)
          .put("refused", tally.refused.sum()).put("gaveUp", fleet.gaveUp())
          .put("latencyMicros", Report.percentiles(connectLatency)));
      say("  %,d streams open in %.1f s (%,.0f/s)", fleet.live(), connectSeconds,
          fleet.live() / connectSeconds);
      Thread.sleep(2000);
      long heapAfter = attach ? server.heapAfterGc() : -1;
      long rssAfter = server.rssBytes();
      result.put("memory", memory(heapBefore, rssBefore, heapAfter, rssAfter, fleet.live(),
          server.openFiles()));

      JsonArray phases = new JsonArray();
      double warmup = options.warmup;
      long window = (long) (options.window * streamCount);
      switch (scenario.name()) {
        case "idle", "open-idle" -> {
          phases.add(hold(sampler, "idle", seconds));
          long heapHeld = attach ? server.heapAfterGc() : -1;
          long rssHeld = server.rssBytes();
          result.put("memoryAfterHold", memory(heapBefore, rssBefore, heapHeld, rssHeld,
              fleet.live(), server.openFiles()));
          sampler.begin("liveness");
          driver.once().await(120, TimeUnit.SECONDS);
          phases.add(drain(sampler, api, tenants, streams).json());
        }
        case "fanout", "tenants" -> {
          if (warmup > 0) {
            sampler.begin("warmup");
            driver.run(0, window, warmup).await((long) warmup + 120, TimeUnit.SECONDS);
            drain(sampler, api, tenants, streams);
          }
          sampler.begin("saturation");
          driver.run(0, window, seconds).await((long) seconds + 120, TimeUnit.SECONDS);
          Sampler.Phase saturation = drain(sampler, api, tenants, streams);
          phases.add(saturation.json());
          double measured = rate > 0 ? rate : saturation.writesPerSecond() / 2;
          say("  saturation: %,.0f frames/s, %.1f writes/s, %.2f us server CPU/frame; next "
              + "%.1f writes/s", saturation.framesPerSecond(), saturation.writesPerSecond(),
              saturation.cpuMicrosPerFrame(), measured);
          sampler.begin("half-rate");
          driver.run(measured, window, seconds).await((long) seconds + 120, TimeUnit.SECONDS);
          phases.add(drain(sampler, api, tenants, streams).json());
        }
        case "open-fanout", "open-tenants" -> {
          int count = (int) Math.round(rate * seconds);
          try (Api publishers = new Api(vertx, port, Math.min(companies, 1_000), false)) {
            OpenLoop open = new OpenLoop(vertx, target, publishers, tenants, tally, driver,
                options.payloadBytes);
            if (warmup > 0) {
              sampler.begin("warmup");
              open.run((int) Math.max(1, Math.round(rate * warmup)), rate, warmup * 10 + 60)
                  .await((long) (warmup * 10) + 120, TimeUnit.SECONDS);
              Sampler.Phase warm = drainAnswered(sampler, tenants, streams, options.drainSeconds);
              say("  warm-up: %,.0f frames/s, %.2f us server CPU/frame (not counted)",
                  warm.framesPerSecond(), warm.cpuMicrosPerFrame());
              open = new OpenLoop(vertx, target, publishers, tenants, tally, driver,
                  options.payloadBytes);
            }
            sampler.begin("open");
            OpenLoop.Result done = open.run(count, rate, seconds * 10 + 60)
                .await((long) (seconds * 10) + 120, TimeUnit.SECONDS);
            Sampler.Phase phase = drainAnswered(sampler, tenants, streams, options.drainSeconds);
            phases.add(phase.json().put("offeredPerSecond", rate)
                .put("publishesAnswered", done.answered())
                .put("publishesPerSecond", done.publishesPerSecond())
                .put("maxBehindScheduleMs", done.maxBehindMillis()));
            say("  open loop: %d publishes offered at %.0f/s, %.1f/s achieved; %,.0f frames/s, "
                + "%.2f us server CPU/frame", count, rate, done.publishesPerSecond(),
                phase.framesPerSecond(), phase.cpuMicrosPerFrame());
          }
        }
        case "rest" -> {
          double r = rate > 0 ? rate : 10;
          if (warmup > 0) {
            sampler.begin("warmup");
            driver.run(r, window, warmup).await((long) warmup + 120, TimeUnit.SECONDS);
            drain(sampler, api, tenants, streams);
          }
          sampler.begin("rest");
          driver.run(r, window, seconds).await((long) seconds + 120, TimeUnit.SECONDS);
          phases.add(drain(sampler, api, tenants, streams).json());
        }
        case "storm" -> {
          double r = rate > 0 ? rate : 20;
          result.put("storm", storm(sampler, driver, fleet, api, tenants, streams, r, seconds,
              phases));
        }
        default -> throw new IllegalArgumentException(scenario.name());
      }
      result.put("phases", phases);
      result.put("writes", new JsonObject().put("sent", driver.sent.get())
          .put("acknowledged", driver.acknowledged.get()).put("failed", driver.failed.get())
          .put("skipped", driver.skipped.get()).put("errors", new JsonArray(driver.errors)));
      sampler.close();
      result.put("timeline", sampler.timeline());
      fleet.close();
      result.put("ledger", ledger(streams));
      result.put("toolCpuSeconds", ServerProcess.selfCpuSeconds());
      return result;
    } finally {
      if (sampler != null) {
        sampler.close();
      }
      if (fleet != null) {
        fleet.close();
      }
      server.close();
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private List<Tenant> setup(Api api, int companies, int members) throws Exception {
    int customers = scenario.rest() ? scenario.customers() : 0;
    Progress progress = new Progress("setting up companies", companies);
    CompletableFuture<List<Tenant>> setup = CompletableFuture.supplyAsync(() ->
        target.setup(api, companies, members, customers, progress));
    while (!setup.isDone()) {
      progress.show();
      Thread.sleep(200);
    }
    progress.show();
    progress.finish();
    return setup.get();
  }

  private static JsonObject hold(Sampler sampler, String name, double seconds)
      throws InterruptedException {
    sampler.begin(name);
    Thread.sleep((long) (seconds * 1000));
    return sampler.end().json();
  }

  /**
   * Waits until every stream reached its company's current sequence (or 20 s passed), then
   * ends the phase: frames still arriving belong to it.
   */
  private Sampler.Phase drain(Sampler sampler, Api api, List<Tenant> tenants,
                                     List<Stream> streams) throws Exception {
    return drain(sampler, api, tenants, streams, 20);
  }

  /** The same, waiting at most {@code seconds}. */
  private Sampler.Phase drain(Sampler sampler, Api api, List<Tenant> tenants,
                              List<Stream> streams, double seconds) throws Exception {
    heads(api, tenants);
    return awaitHeads(sampler, streams, seconds);
  }

  /**
   * The same for the open loop, where the tool is the only writer and every publish was
   * answered with its id: the last id answered is the head, so no request asks for it. (Asking
   * each company, 1,000 of them in T, would charge the tool's own probes to the server's CPU in
   * the measured phase, and only ChatMesh's: the reference answers from the tool's counter.)
   */
  private Sampler.Phase drainAnswered(Sampler sampler, List<Tenant> tenants,
                                      List<Stream> streams, double seconds) throws Exception {
    for (Tenant tenant : tenants) {
      tenant.finalSeq = tenant.streams == 0 ? -1 : tenant.published.get();
    }
    return awaitHeads(sampler, streams, seconds);
  }

  /** Waits until every stream reached its company's {@code finalSeq} (or {@code seconds}). */
  private static Sampler.Phase awaitHeads(Sampler sampler, List<Stream> streams, double seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < deadline && behind(streams) > 0) {
      Thread.sleep(20);
    }
    return sampler.end();
  }

  private void heads(Api api, List<Tenant> tenants) throws Exception {
    List<Long> heads = Futures.bounded(8, tenants.size(), i -> {
      Tenant tenant = tenants.get(i);
      return tenant.streams == 0 ? Future.succeededFuture(-1L) : target.head(api, tenant);
    }).await(120, TimeUnit.SECONDS);
    for (int i = 0; i < tenants.size(); i++) {
      tenants.get(i).finalSeq = heads.get(i);
    }
  }

  private static long behind(List<Stream> streams) {
    long behind = 0;
    for (Stream stream : streams) {
      if (stream.base >= 0 && stream.last < stream.tenant.finalSeq) {
        behind++;
      }
    }
    return behind;
  }

  private JsonObject storm(Sampler sampler, Driver driver, Fleet fleet, Api api,
                           List<Tenant> tenants, List<Stream> streams, double rate,
                           double seconds, JsonArray phases) throws Exception {
    sampler.begin("steady");
    Future<Void> writes = driver.run(rate, 0, seconds * 3 + 60);
    Thread.sleep((long) (seconds * 1000));
    phases.add(sampler.end().json());

    sampler.begin("storm");
    long dropAt = System.nanoTime();
    fleet.dropAll(streams);
    Progress closing = new Progress("dropping streams", streams.size());
    closing.await(() -> streams.size() - fleet.live(), 30_000, null);
    long reconnectAt = System.nanoTime();
    heads(api, tenants);
    long[] headAtDrop = tenants.stream().mapToLong(t -> t.finalSeq).toArray();
    fleet.open(streams);
    boolean allLive = new Progress("reconnecting", streams.size())
        .await(fleet::live, 60_000, null);
    double liveSeconds = (System.nanoTime() - dropAt) / 1e9;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    long caughtUpAt = -1;
    while (System.nanoTime() < deadline) {
      long behind = 0;
      for (Stream stream : streams) {
        if (stream.last < headAtDrop[stream.tenant.index]) {
          behind++;
        }
      }
      if (behind == 0) {
        caughtUpAt = System.nanoTime();
        break;
      }
      Thread.sleep(20);
    }
    phases.add(sampler.end().json());
    say("  storm: all %,d live again %.1f s after the drop, caught up after %s s",
        fleet.live(), liveSeconds,
        caughtUpAt < 0 ? "never" : String.format(Locale.ROOT, "%.1f", (caughtUpAt - dropAt) / 1e9));

    sampler.begin("after-storm");
    Thread.sleep((long) (seconds * 1000));
    driver.stop();
    writes.await(180, TimeUnit.SECONDS);
    phases.add(drain(sampler, api, tenants, streams).json());
    return new JsonObject()
        .put("allLive", allLive)
        .put("closeSeconds", (reconnectAt - dropAt) / 1e9)
        .put("liveAgainSeconds", liveSeconds)
        .put("caughtUpSeconds", caughtUpAt < 0 ? null : (caughtUpAt - dropAt) / 1e9);
  }

  private static JsonObject memory(long heapBefore, long rssBefore, long heapAfter,
                                   long rssAfter, int streams, long openFiles) {
    int n = Math.max(1, streams);
    double offHeap = (rssAfter - rssBefore) / (double) n;
    Double heap = heapBefore < 0 || heapAfter < 0 ? null : (heapAfter - heapBefore) / (double) n;
    return new JsonObject()
        .put("perStreamBytes", heap == null ? null : heap + Math.max(0, offHeap))
        .put("rssBeforeMb", rssBefore / 1048576.0).put("rssAfterMb", rssAfter / 1048576.0)
        .put("heapBeforeMb", heapBefore / 1048576.0).put("heapAfterMb", heapAfter / 1048576.0)
        .put("rssPerStreamBytes", offHeap)
        .put("heapPerStreamBytes", heap)
        .put("openFiles", openFiles);
  }

  private static JsonObject ledger(List<Stream> streams) {
    long lost = 0;
    long duplicated = 0;
    long reordered = 0;
    long withLoss = 0;
    long frames = 0;
    long resets = 0;
    long drops = 0;
    long neverOpened = 0;
    for (Stream stream : streams) {
      long l = stream.lost(stream.tenant.finalSeq);
      lost += l;
      withLoss += l > 0 ? 1 : 0;
      duplicated += stream.duplicates;
      reordered += stream.reordered;
      frames += stream.unique;
      resets += stream.resets;
      drops += stream.drops;
      neverOpened += stream.base < 0 && stream.readyNanos == 0 ? 1 : 0;
    }
    return new JsonObject().put("framesReceived", frames).put("lost", lost)
        .put("duplicated", duplicated).put("reordered", reordered)
        .put("streamsWithLoss", withLoss).put("resets", resets).put("drops", drops)
        .put("neverOpened", neverOpened);
  }

  /**
   * A free port below the ephemeral range: a port the kernel hands out for bind(0) is also
   * what the thousands of outgoing stream connections (this run's or another's on the same
   * machine) take their source ports from, so between this check and the server's bind it
   * could be taken, and the run would measure whatever answered there.
   */
  private static int freePort() throws IOException {
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = random.nextInt(20_000, 32_000);
      try (ServerSocket socket = new ServerSocket(port, 1,
          java.net.InetAddress.getByName("127.0.0.1"))) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port in 20000-31999");
  }

  static void say(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
    System.out.flush();
  }
}

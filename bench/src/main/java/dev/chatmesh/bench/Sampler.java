package dev.chatmesh.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Takes a sample every second — frames received, latency percentiles of the interval, server
 * CPU and memory, live streams — into a timeline for the charts, and adds up named phases
 * (frames/s, latency histogram, server CPU per frame). It is the only reader of the latency
 * recorder, so every method is synchronized.
 */
final class Sampler implements AutoCloseable {

  private final Tally tally;
  private final ServerProcess server;
  private final IntSupplier live;
  private final LongSupplier sent;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      r -> new Thread(r, "sampler"));
  private final long start = System.nanoTime();
  private final JsonArray timeline = new JsonArray();
  private Histogram interval;
  private Histogram ackInterval;
  private long lastFrames;
  private long lastSent;
  private double lastCpu;
  private double lastSelfCpu;
  private long lastAt = System.nanoTime();
  private Phase phase;

  Sampler(Tally tally, ServerProcess server, IntSupplier live, LongSupplier sent) {
    this.tally = tally;
    this.server = server;
    this.live = live;
    this.sent = sent;
    this.lastCpu = server.cpuSeconds();
    this.lastSelfCpu = ServerProcess.selfCpuSeconds();
    this.lastFrames = tally.frames.sum();
    timer.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
  }

  /** One measured stretch of a run. */
  static final class Phase {
    final String name;
    final Histogram latency = new Histogram(3);
    final Histogram ack = new Histogram(3);
    final long startNanos = System.nanoTime();
    final long startFrames;
    final long startSent;
    final double startCpu;
    final double startSelfCpu;
    long frames;
    long writes;
    double seconds;
    double cpu;
    double selfCpu;

    Phase(String name, long frames, long sent, double cpu, double selfCpu) {
      this.name = name;
      this.startFrames = frames;
      this.startSent = sent;
      this.startCpu = cpu;
      this.startSelfCpu = selfCpu;
    }

    double framesPerSecond() {
      return frames / Math.max(seconds, 1e-9);
    }

    double writesPerSecond() {
      return writes / Math.max(seconds, 1e-9);
    }

    /** Server CPU microseconds per delivered frame. */
    double cpuMicrosPerFrame() {
      return frames == 0 ? 0 : cpu * 1e6 / frames;
    }

    JsonObject json() {
      return new JsonObject()
          .put("name", name)
          .put("seconds", seconds)
          .put("writes", writes)
          .put("writesPerSecond", writesPerSecond())
          .put("frames", frames)
          .put("framesPerSecond", framesPerSecond())
          .put("serverCpuSeconds", cpu)
          .put("serverCpuMicrosPerFrame", cpuMicrosPerFrame())
          .put("toolCpuSeconds", selfCpu)
          .put("latencyMicros", Report.percentiles(latency))
          .put("writeAckMicros", Report.percentiles(ack));
    }
  }

  /** Starts a phase (ending the current one, if any). */
  synchronized Phase begin(String name) {
    if (phase != null) {
      end();
    }
    drainLatency();
    phase = new Phase(name, tally.frames.sum(), sent.getAsLong(), server.cpuSeconds(),
        ServerProcess.selfCpuSeconds());
    return phase;
  }

  /** Ends the current phase and returns it. */
  synchronized Phase end() {
    Phase done = phase;
    if (done == null) {
      return null;
    }
    drainLatency();
    done.seconds = (System.nanoTime() - done.startNanos) / 1e9;
    done.frames = tally.frames.sum() - done.startFrames;
    done.writes = sent.getAsLong() - done.startSent;
    done.cpu = server.cpuSeconds() - done.startCpu;
    done.selfCpu = ServerProcess.selfCpuSeconds() - done.startSelfCpu;
    phase = null;
    return done;
  }

  /** The samples so far. */
  synchronized JsonArray timeline() {
    return timeline.copy();
  }

  private void drainLatency() {
    interval = tally.latency.getIntervalHistogram(interval);
    ackInterval = tally.ack.getIntervalHistogram(ackInterval);
    if (phase != null) {
      phase.latency.add(interval);
      phase.ack.add(ackInterval);
    }
  }

  private synchronized void sample() {
    try {
      long now = System.nanoTime();
      double dt = (now - lastAt) / 1e9;
      lastAt = now;
      drainLatency();
      long frames = tally.frames.sum();
      long writes = sent.getAsLong();
      double cpu = server.cpuSeconds();
      double selfCpu = ServerProcess.selfCpuSeconds();
      JsonObject row = new JsonObject()
          .put("t", Math.round((now - start) / 1e8) / 10.0)
          .put("phase", phase == null ? "" : phase.name)
          .put("framesPerSecond", Math.round((frames - lastFrames) / dt))
          .put("writesPerSecond", Math.round((writes - lastSent) / dt))
          .put("p50", interval.getTotalCount() == 0 ? null : interval.getValueAtPercentile(50))
          .put("p99", interval.getTotalCount() == 0 ? null : interval.getValueAtPercentile(99))
          .put("max", interval.getTotalCount() == 0 ? null : interval.getMaxValue())
          .put("serverCpu", Math.round((cpu - lastCpu) / dt * 100) / 100.0)
          .put("toolCpu", Math.round((selfCpu - lastSelfCpu) / dt * 100) / 100.0)
          .put("serverRssMb", Math.round(server.rssBytes() / 1048576.0))
          .put("live", live.getAsInt());
      timeline.add(row);
      lastFrames = frames;
      lastSent = writes;
      lastCpu = cpu;
      lastSelfCpu = selfCpu;
    } catch (RuntimeException e) {
      System.err.println("sample failed: " + e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}

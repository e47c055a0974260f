package dev.chatmesh.bench.jmh;

import dev.chatmesh.realtime.Event;
import dev.chatmesh.realtime.Frame;
import dev.chatmesh.realtime.History;
import dev.chatmesh.realtime.Hub;
import dev.chatmesh.realtime.HubOptions;
import dev.chatmesh.realtime.MemoryBroker;
import dev.chatmesh.realtime.SseFrames;
import dev.chatmesh.realtime.StreamRequest;
import dev.chatmesh.realtime.TopicFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The hub's fan-out without the network: {@code streams} streams of one company on two event
 * loops, each writing into a {@link NullSink}. One operation publishes {@code burst} events
 * through the in-memory broker and waits until every stream flushed every frame.
 * Divide the time per operation by {@code streams × burst} for the cost of one delivery.
 * {@link #referenceLoop} is the floor: the same frame written and flushed to the same sinks by a
 * plain loop per event loop, as the reference broadcaster does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FanoutBenchmark {

  private static final long COMPANY = 1;

  @Param({"1000", "10000"})
  int streams;

  @Param({"1", "8"})
  int burst;

  private Vertx vertx;
  private Hub hub;
  private final List<List<NullSink>> byLoop = new ArrayList<>();
  private final List<Context> loops = new ArrayList<>();
  private String json;
  private long seq;

  @Setup
  public void setUp() throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    HubOptions options = new HubOptions(Duration.ofHours(1), Duration.ofSeconds(2), 1_000_000,
        1_000_000, 512 * 1024, 500, 10_000, Duration.ofMillis(150), Duration.ofHours(1));
    hub = new Hub(vertx, new MemoryBroker(), new EmptyHistory(), options,
        new SimpleMeterRegistry());
    json = "{\"id\":\"1\",\"type\":\"bench.tick\",\"company_id\":1,\"timestamp\":"
        + "\"2026-11-22T10:15:30.123Z\",\"data\":{\"pad\":\"" + "x".repeat(420) + "\"}}";
    for (int loop = 0; loop < 2; loop++) {
      Context context = vertx.getOrCreateContext();
      List<NullSink> mine = new ArrayList<>();
      for (int i = loop; i < streams; i += 2) {
        mine.add(new NullSink());
      }
      Promise<Void> opened = Promise.promise();
      context.runOnContext(v -> {
        for (int i = 0; i < mine.size(); i++) {
          StreamRequest request = new StreamRequest(COMPANY, i, i, "s" + i, TopicFilter.ALL,
              null, null, false);
          hub.open(request, mine.get(i));
        }
        opened.complete();
      });
      opened.future().await(60, TimeUnit.SECONDS);
      loops.add(context);
      byLoop.add(mine);
    }
    // every stream flushes its ready event once history answered
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (List<NullSink> mine : byLoop) {
      for (NullSink sink : mine) {
        while (sink.frames < 1) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("streams did not open");
          }
          Thread.sleep(1);
        }
        sink.expect = sink.frames;
      }
    }
  }

  @TearDown
  public void tearDown() throws Exception {
    hub.shutdown().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Benchmark
  public long hubPublish() {
    for (int b = 0; b < burst; b++) {
      hub.publish(Event.of(COMPANY, ++seq, "bench.tick", "bench", null, null, json,
          System.nanoTime()));
    }
    return awaitFrames();
  }

  @Benchmark
  public long referenceLoop() {
    for (int b = 0; b < burst; b++) {
      Frame frame = Frame.of(SseFrames.event(Long.toString(++seq), "bench.tick", json));
      for (int loop = 0; loop < loops.size(); loop++) {
        List<NullSink> mine = byLoop.get(loop);
        loops.get(loop).runOnContext(v -> {
          for (int i = 0, n = mine.size(); i < n; i++) {
            NullSink sink = mine.get(i);
            sink.write(frame);
            sink.flush();
          }
        });
      }
    }
    return awaitFrames();
  }

  /** Waits until every sink flushed {@code burst} more frames; returns the bytes flushed. */
  private long awaitFrames() {
    long bytes = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (List<NullSink> mine : byLoop) {
      for (NullSink sink : mine) {
        sink.expect += burst;
        while (sink.frames < sink.expect) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("fan-out stalled");
          }
          // park rather than spin: the two event loops need both cores
          LockSupport.parkNanos(20_000);
        }
        bytes += sink.bytes;
      }
    }
    return bytes;
  }

  /** A history that is always empty at the current head. */
  private final class EmptyHistory implements History {
    @Override
    public Page read(long companyId, Long after, int limit) {
      return new Page(List.of(), seq, false);
    }

    @Override
    public Map<Long, Long> heads(Collection<Long> companyIds) {
      Map<Long, Long> heads = new HashMap<>();
      companyIds.forEach(id -> heads.put(id, seq));
      return heads;
    }
  }
}

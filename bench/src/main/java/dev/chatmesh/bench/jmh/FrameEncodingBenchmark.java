package dev.chatmesh.bench.jmh;

import dev.chatmesh.realtime.Event;
import dev.chatmesh.realtime.Frame;
import dev.chatmesh.realtime.SseFrames;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Encoding one event's SSE frame, once per publish: ChatMesh's {@link SseFrames#event}, and
 * {@link Frame#chunk} of a new event (validates, encodes the frame and its HTTP chunk in direct
 * memory). Divided by the subscribers that share the frame, this is the encoding cost per
 * delivery.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FrameEncodingBenchmark {

  @Param({"512", "4096"})
  int payload;

  private String json;

  @Setup
  public void setUp() {
    String head = "{\"id\":\"184213\",\"type\":\"customer_updated\",\"company_id\":7,"
        + "\"timestamp\":\"2026-11-22T10:15:30.123Z\",\"data\":{\"name\":\"Zoë Ångström\","
        + "\"pad\":\"";
    json = head + "x".repeat(Math.max(0, payload - head.length() - 3)) + "\"}}";
  }

  @Benchmark
  public Buffer sseFramesEvent() {
    return SseFrames.event("184213", "customer_updated", json);
  }

  @Benchmark
  public ByteBuf eventChunk() {
    return Frame.of(Event.of(7, 184213, "customer_updated", "customers", null, null, json, 0))
        .chunk();
  }
}

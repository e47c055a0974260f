package dev.chatmesh.realtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The hub's meters: open streams (as counted by the connection limits), events, frames, slow
 * consumers, latency. None names a company: {@code /metrics} is unauthenticated, and a company
 * sees its own stream counts through the API ({@link Hub#stats}).
 */
final class HubMetrics {

  private final Counter published;
  private final Counter received;
  private final Counter frames;
  private final Counter slow;
  private final Timer latency;

  HubMetrics(MeterRegistry registry, Limits limits, Broker broker) {
    this.published = Counter.builder("chatmesh.events.published")
        .description("Events published by this node after commit").register(registry);
    this.received = Counter.builder("chatmesh.events.delivered")
        .description("Events handed to this node's streams (once per event and event loop)")
        .register(registry);
    this.frames = Counter.builder("chatmesh.frames.delivered")
        .description("Frames offered to streams on this node").register(registry);
    this.slow = Counter.builder("chatmesh.streams.slow.disconnects")
        .description("Streams disconnected because the client could not keep up")
        .register(registry);
    this.latency = Timer.builder("chatmesh.delivery.latency")
        .description("From publish on this node to the write of the frame to its streams; "
            + "quantiles come from the histogram buckets (histogram_quantile), which costs the "
            + "event loop less than client-side percentiles")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
    Gauge.builder("chatmesh.streams.open", limits, Limits::openStreams)
        .description("Open SSE streams and held long-polls on this node").register(registry);
    Gauge.builder("chatmesh.broker.connected", broker, b -> b.connected() ? 1 : 0)
        .description("1 while the broker carries events between nodes; 0 while it is away and "
            + "delivery is degraded to polling the database every 100 ms")
        .register(registry);
  }

  void published() {
    published.increment();
  }

  void delivered(Event event) {
    received.increment();
    if (event.createdNanos() != 0) {
      latency.record(System.nanoTime() - event.createdNanos(), TimeUnit.NANOSECONDS);
    }
  }

  void frames(long count) {
    if (count > 0) {
      frames.increment(count);
    }
  }

  void slowConsumer() {
    slow.increment();
  }
}

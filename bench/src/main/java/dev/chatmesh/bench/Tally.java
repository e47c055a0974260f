package dev.chatmesh.bench;

import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.LongAdder;

/**
 * What every connection adds to, from any event loop: frames received, publish-to-receive
 * latency and connect times (microseconds, in HdrHistogram recorders read by the
 * {@link Sampler}), and the connection events worth counting.
 */
final class Tally {

  final LongAdder frames = new LongAdder();
  final LongAdder revoked = new LongAdder();
  final LongAdder drops = new LongAdder();
  final LongAdder refused = new LongAdder();
  final Recorder latency = new Recorder(3);
  final Recorder connect = new Recorder(3);
  /** From sending a write (publish or REST change) to its answer. */
  final Recorder ack = new Recorder(3);

  void latency(long nanos) {
    latency.recordValue(Math.max(0, nanos / 1000));
  }

  void acknowledged(long nanos) {
    ack.recordValue(Math.max(0, nanos / 1000));
  }

  void connected(long nanos) {
    connect.recordValue(Math.max(0, nanos / 1000));
  }
}

package dev.chatmesh.bench.jmh;

import dev.chatmesh.realtime.Frame;
import dev.chatmesh.realtime.StreamSink;
import io.vertx.core.buffer.Buffer;

/**
 * A stream sink that sends nothing: it takes each frame's shared HTTP chunk as the HTTP/1.1
 * sink does (a view, no copy), counts the frames and bytes it flushes and never fills up, so a
 * benchmark measures the hub's own work per delivery without the socket. Written by one event
 * loop, read by the benchmark thread.
 */
final class NullSink implements StreamSink {

  volatile long frames;
  volatile long bytes;
  /** What the benchmark expects {@link #frames} to reach; benchmark thread only. */
  long expect;
  private long pendingFrames;
  private long pendingBytes;

  @Override
  public void start(int queueBytes, Buffer first, Runnable started) {
    started.run();
  }

  @Override
  public void write(Frame frame) {
    pendingFrames++;
    pendingBytes += frame.chunk().duplicate().readableBytes();
  }

  @Override
  public boolean flush() {
    if (pendingFrames == 0) {
      return false;
    }
    frames += pendingFrames;
    bytes += pendingBytes;
    pendingFrames = 0;
    pendingBytes = 0;
    return true;
  }

  @Override
  public boolean full() {
    return false;
  }

  @Override
  public void end() {
  }

  @Override
  public void drop() {
  }

  @Override
  public void onClose(Runnable handler) {
  }
}

package dev.chatmesh.realtime;

import io.vertx.core.buffer.Buffer;

/**
 * Where one stream's bytes go: the engine's only view of the connection. Frames are written
 * during a batch and leave with one flush, so a burst costs one system call per stream. Every
 * method is called on the event loop that owns the stream; {@link VertxSink} is the HTTP one.
 */
public interface StreamSink {

  /**
   * Begins the response (its head is the sink's business), lets {@code queueBytes} wait unsent
   * before {@link #full()} says so, sends {@code first}, and calls {@code started} once that is
   * on its way; nothing is written before.
   */
  void start(int queueBytes, Buffer first, Runnable started);

  /** Queues a frame until the next {@link #flush()}. */
  void write(Frame frame);

  /** Sends what was written since the last flush; returns whether there was anything. */
  boolean flush();

  /** Whether more is waiting to be sent than the stream may hold: the client lags. */
  boolean full();

  /** Ends the response cleanly, after what was flushed. */
  void end();

  /** Drops the connection at once, discarding what is still queued. */
  void drop();

  /** Calls {@code handler} once when the connection closes, whoever closed it. */
  void onClose(Runnable handler);
}

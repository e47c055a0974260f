package dev.chatmesh.realtime;

import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

/**
 * A stream sink in memory: it keeps what was flushed, can stall like a client that stopped
 * reading (flushed bytes then stay unsent), and records how the stream ended. Written on the
 * stream's event loop, read by the test thread.
 */
final class FakeSink implements StreamSink {

  /** One SSE frame as sent; {@code id} is null when the frame has none. */
  record Sent(String id, String event, String data) {
  }

  private final StringBuilder sent = new StringBuilder();
  private final StringBuilder pending = new StringBuilder();
  private boolean stalled;
  private int queueBytes;
  private long unsent;
  private boolean ended;
  private boolean dropped;
  private Runnable onClose;

  /** From now on flushed bytes stay unsent, as with a reader that stopped reading. */
  synchronized FakeSink stall() {
    stalled = true;
    return this;
  }

  @Override
  public synchronized void start(int queueBytes, Buffer first, Runnable started) {
    this.queueBytes = queueBytes;
    sent.append(first.toString());
    started.run();
  }

  @Override
  public synchronized void write(Frame frame) {
    pending.append(frame.bytes().toString());
  }

  @Override
  public synchronized boolean flush() {
    if (pending.isEmpty()) {
      return false;
    }
    if (stalled) {
      unsent += pending.length();
    } else {
      sent.append(pending);
    }
    pending.setLength(0);
    return true;
  }

  @Override
  public synchronized boolean full() {
    return unsent > queueBytes;
  }

  @Override
  public synchronized void end() {
    ended = true;
  }

  @Override
  public void drop() {
    Runnable closed;
    synchronized (this) {
      dropped = true;
      closed = onClose;
    }
    // as a socket does: the close handler follows the close
    closed.run();
  }

  @Override
  public synchronized void onClose(Runnable handler) {
    onClose = handler;
  }

  synchronized String raw() {
    return sent.toString();
  }

  synchronized boolean ended() {
    return ended;
  }

  synchronized boolean dropped() {
    return dropped;
  }

  /** Every frame sent, control frames and comments included (a comment has a null event). */
  synchronized List<Sent> frames() {
    List<Sent> frames = new ArrayList<>();
    for (String block : sent.toString().split("\n\n")) {
      String id = null;
      String event = null;
      StringBuilder data = null;
      for (String line : block.split("\n")) {
        if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data = data == null ? new StringBuilder(line.substring(6))
              : data.append('\n').append(line.substring(6));
        }
      }
      if (event != null) {
        frames.add(new Sent(id, event, data == null ? null : data.toString()));
      }
    }
    return frames;
  }

  /** The ids of the event frames sent, control frames left out. */
  List<Long> eventIds() {
    return frames().stream().filter(f -> f.id() != null && !f.event().equals("reset"))
        .map(f -> Long.parseLong(f.id())).toList();
  }

  boolean has(String event) {
    return frames().stream().anyMatch(f -> f.event().equals(event));
  }
}

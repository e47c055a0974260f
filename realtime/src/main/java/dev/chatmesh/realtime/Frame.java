package dev.chatmesh.realtime;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;

/**
 * One SSE frame on its way to streams. An event's frame is encoded on first use and then shared
 * by every stream of the node that sends it, as text for sinks that write through a response
 * and as an HTTP/1.1 chunk in direct memory for sinks that write below the HTTP encoder; a
 * long-poll or a filtered-out event never pays for either. Streams of two event loops may ask
 * at once, hence the locks: only the first use takes one.
 */
public final class Frame {

  private final Event event;
  private volatile Buffer bytes;
  private volatile ByteBuf chunk;

  private Frame(Event event, Buffer bytes) {
    this.event = event;
    this.bytes = bytes;
  }

  /** The frame of a committed event ({@code id}, {@code event}, {@code data}: its envelope). */
  public static Frame of(Event event) {
    return new Frame(event, null);
  }

  /** A frame that carries no event (control frames, heartbeats). */
  public static Frame of(Buffer bytes) {
    return new Frame(null, bytes);
  }

  /** The event this frame carries, or null for a control frame. */
  Event event() {
    return event;
  }

  /** The frame's bytes. */
  public Buffer bytes() {
    Buffer encoded = bytes;
    if (encoded == null) {
      synchronized (this) {
        encoded = bytes;
        if (encoded == null) {
          encoded = SseFrames.event(Long.toString(event.seq()), event.type(), event.json());
          bytes = encoded;
        }
      }
    }
    return encoded;
  }

  /** The frame as an HTTP/1.1 chunk in direct memory; never released by writes, it is shared. */
  public ByteBuf chunk() {
    ByteBuf encoded = chunk;
    if (encoded == null) {
      synchronized (this) {
        encoded = chunk;
        if (encoded == null) {
          encoded = Chunks.of(bytes());
          chunk = encoded;
        }
      }
    }
    return encoded;
  }

  @Override
  public String toString() {
    return event != null ? "Frame[" + event + "]" : "Frame[" + bytes.length() + " bytes]";
  }
}

package dev.chatmesh.realtime;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Where a stream's frames go once the response head is out. Frames are added during a batch
 * and leave with one flush, so a burst costs one system call per stream.
 */
sealed interface Outlet permits Outlet.Socket, Outlet.Response {

  /** Queues a frame; {@code chunk} is its pre-encoded HTTP chunk, or null to encode here. */
  void add(Buffer frame, ByteBuf chunk);

  /** Sends what was added since the last flush; returns whether there was anything. */
  boolean flush();

  /** Whether more is waiting to be sent than the stream may hold. */
  boolean full();

  /** Drops the connection at once, discarding what is still queued. */
  void drop();

  /**
   * The fast outlet when the connection allows it (HTTP/1.1 on a Vert.x connection whose
   * pipeline has its HTTP encoder), otherwise the response itself.
   */
  static Outlet of(HttpServerRequest http) {
    if (http.version() == HttpVersion.HTTP_1_1 && http.connection() instanceof ConnectionBase c) {
      ChannelHandlerContext encoder = c.channel().pipeline().context("httpEncoder");
      if (encoder != null) {
        return new Socket(encoder, http.response());
      }
    }
    return new Response(http.response());
  }

  /**
   * Writes pre-encoded chunks below Vert.x and the HTTP encoder (but above TLS, if any): no
   * per-delivery encoding, copying or promise, and the chunks of a batch leave in one
   * gathering write. Only used after Vert.x has flushed the response head, and Vert.x writes
   * again only to end the response, after these, on the same event loop.
   */
  final class Socket implements Outlet {
    private final ChannelHandlerContext encoder;
    private final HttpServerResponse response;
    private boolean written;

    Socket(ChannelHandlerContext encoder, HttpServerResponse response) {
      this.encoder = encoder;
      this.response = response;
    }

    @Override
    public void add(Buffer frame, ByteBuf chunk) {
      encoder.write((chunk != null ? chunk : Chunks.of(frame)).duplicate(), encoder.voidPromise());
      written = true;
    }

    @Override
    public boolean flush() {
      if (!written) {
        return false;
      }
      written = false;
      encoder.flush();
      return true;
    }

    @Override
    public boolean full() {
      return !encoder.channel().isWritable() || response.writeQueueFull();
    }

    @Override
    public void drop() {
      // A close from here goes straight to the socket; Vert.x's own close would first wait
      // for the queued bytes to drain, which a stalled reader never lets happen.
      encoder.close();
    }
  }

  /** Writes through the Vert.x response (HTTP/1.0, or a pipeline this code does not know). */
  final class Response implements Outlet {
    private final HttpServerResponse response;
    private Buffer single;
    private Buffer pending;

    Response(HttpServerResponse response) {
      this.response = response;
    }

    @Override
    public void add(Buffer frame, ByteBuf chunk) {
      if (single == null && pending == null) {
        single = frame;
        return;
      }
      if (pending == null) {
        pending = Buffer.buffer(single.length() * 4);
        pending.appendBuffer(single);
        single = null;
      }
      pending.appendBuffer(frame);
    }

    @Override
    public boolean flush() {
      Buffer out = pending != null ? pending : single;
      single = null;
      pending = null;
      if (out == null) {
        return false;
      }
      response.write(out);
      return true;
    }

    @Override
    public boolean full() {
      return response.writeQueueFull();
    }

    @Override
    public void drop() {
      response.reset();
    }
  }
}

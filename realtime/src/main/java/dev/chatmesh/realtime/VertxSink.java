package dev.chatmesh.realtime;

import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream's sink on a Vert.x HTTP response: the only code that knows the response's headers
 * and Vert.x's internals. On HTTP/1.1 it writes each frame's shared pre-encoded chunk below
 * Vert.x's HTTP encoder ({@link Socket}); otherwise through the response ({@link Response}).
 * {@code VertxSinkTest} fails when a Vert.x upgrade moves what the fast path relies on.
 */
public abstract sealed class VertxSink implements StreamSink
    permits VertxSink.Socket, VertxSink.Response {

  /** The name Vert.x gives its HTTP/1.x encoder in the Netty pipeline. */
  static final String HTTP_ENCODER = "httpEncoder";

  private static final Logger log = LoggerFactory.getLogger(VertxSink.class);
  private static volatile boolean fallbackReported;

  final HttpServerResponse response;

  private VertxSink(HttpServerResponse response) {
    this.response = response;
  }

  /**
   * The fast sink when the connection allows it (HTTP/1.1 on a Vert.x connection whose pipeline
   * has its HTTP encoder), otherwise one that writes through the response.
   */
  public static VertxSink of(HttpServerRequest http) {
    if (http.version() != HttpVersion.HTTP_1_1) {
      return new Response(http.response());
    }
    if (http.connection() instanceof ConnectionBase c) {
      ChannelHandlerContext encoder = c.channel().pipeline().context(HTTP_ENCODER);
      if (encoder != null) {
        return new Socket(encoder, http.response());
      }
    }
    if (!fallbackReported) {
      fallbackReported = true;
      log.warn("HTTP/1.1 connection without Vert.x's {} handler: streams write through the "
          + "response, which costs more per frame", HTTP_ENCODER);
    }
    return new Response(http.response());
  }

  @Override
  public void start(int queueBytes, Buffer first, Runnable started) {
    response.setChunked(true)
        .setWriteQueueMaxSize(queueBytes)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    // The socket sink writes below Vert.x: it may start only once Vert.x has sent the head.
    response.write(first).onSuccess(written -> started.run());
  }

  @Override
  public void end() {
    response.end();
  }

  @Override
  public void onClose(Runnable handler) {
    response.closeHandler(v -> handler.run());
  }

  /**
   * Writes pre-encoded chunks below Vert.x and the HTTP encoder (but above TLS, if any): no
   * per-delivery encoding, copying or promise, and the chunks of a batch leave in one
   * gathering write. Only used after Vert.x has flushed the response head, and Vert.x writes
   * again only to end the response, after these, on the same event loop.
   */
  static final class Socket extends VertxSink {
    private final ChannelHandlerContext encoder;
    private boolean written;

    private Socket(ChannelHandlerContext encoder, HttpServerResponse response) {
      super(response);
      this.encoder = encoder;
    }

    @Override
    public void write(Frame frame) {
      encoder.write(frame.chunk().duplicate(), encoder.voidPromise());
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
  static final class Response extends VertxSink {
    private Buffer single;
    private Buffer pending;

    private Response(HttpServerResponse response) {
      super(response);
    }

    @Override
    public void write(Frame frame) {
      Buffer bytes = frame.bytes();
      if (single == null && pending == null) {
        single = bytes;
        return;
      }
      if (pending == null) {
        pending = Buffer.buffer(single.length() * 4);
        pending.appendBuffer(single);
        single = null;
      }
      pending.appendBuffer(bytes);
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

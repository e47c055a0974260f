package dev.chatmesh.realtime;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * SSE frames pre-encoded as HTTP/1.1 chunks ({@code <hex length>\r\n<frame>\r\n}) in direct
 * memory, once per event: every stream writes a view of the same bytes, so a delivery costs
 * neither an encoding nor a copy. The buffers are never released by writes (they are shared);
 * the garbage collector frees them with their event.
 */
final class Chunks {

  private static final byte[] CRLF = {'\r', '\n'};

  private Chunks() {
  }

  /** The chunk that carries {@code frame}. */
  static ByteBuf of(Buffer frame) {
    byte[] head = (Integer.toHexString(frame.length()) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    ByteBuffer direct = ByteBuffer.allocateDirect(head.length + frame.length() + CRLF.length);
    direct.put(head).put(frame.getBytes()).put(CRLF).flip();
    return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct));
  }
}

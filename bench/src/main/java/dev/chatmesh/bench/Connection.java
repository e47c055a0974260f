package dev.chatmesh.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * One TCP connection of a {@link Stream}: sends the GET, parses the response as it arrives,
 * and books every frame on the stream's ledger and in the {@link Tally}. Event loop only.
 */
final class Connection extends ChannelInboundHandlerAdapter implements SseParser.Sink {

  private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
    @Override
    protected byte[] initialValue() {
      return new byte[64 * 1024];
    }
  };

  private final Stream stream;
  private final Fleet fleet;
  private final boolean resume;
  private final SseParser parser;
  private boolean ready;
  private long now;
  private int frames;
  private ChannelHandlerContext ctx;

  Connection(Stream stream, Fleet fleet, boolean resume) {
    this.stream = stream;
    this.fleet = fleet;
    this.resume = resume;
    this.parser = new SseParser(this, fleet.timedType);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    stream.channel = ctx.channel();
    ctx.writeAndFlush(fleet.target.streamRequest(stream, resume));
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf buf = (ByteBuf) msg;
    try {
      now = System.nanoTime();
      frames = 0;
      byte[] scratch = SCRATCH.get();
      int index = buf.readerIndex();
      int left = buf.readableBytes();
      while (left > 0) {
        int n = Math.min(left, scratch.length);
        buf.getBytes(index, scratch, 0, n);
        parser.feed(scratch, 0, n);
        index += n;
        left -= n;
      }
      if (frames > 0) {
        fleet.tally.frames.add(frames);
      }
    } finally {
      buf.release();
    }
  }

  @Override
  public void head(int status) {
    stream.lastStatus = status;
    if (status != 200) {
      stream.failures++;
      ctx.close();
      return;
    }
    if (fleet.target.readyOnHead()) {
      // no ready event: the stream expects whatever is acknowledged from now on
      stream.ready(Math.max(0, stream.tenant.published.get()));
      ready();
    }
  }

  @Override
  public void event(int control, long seq, long sentAt, boolean timed, long headId) {
    switch (control) {
      case SseParser.NONE -> {
        stream.frame(seq);
        frames++;
        if (timed && sentAt > 0) {
          fleet.tally.latency(now - sentAt);
        }
      }
      case SseParser.READY -> {
        stream.ready(headId);
        ready();
      }
      case SseParser.RESET -> stream.reset(headId);
      case SseParser.REVOKED -> fleet.tally.revoked.increment();
      default -> { }
    }
  }

  @Override
  public void end() {
    ctx.close();
  }

  private void ready() {
    if (!ready) {
      ready = true;
      fleet.ready(stream, now - stream.connectStartNanos);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    fleet.closed(stream, ready);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}

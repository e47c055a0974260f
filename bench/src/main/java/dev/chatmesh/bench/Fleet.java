package dev.chatmesh.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * All the streams of a run, on a few Netty event loops (many connections per thread). Opens
 * them with a bounded number of connects in flight, spreads them over several source addresses
 * of 127.0.0.0/8 so that more than one address's worth of ports can be used, reconnects a
 * dropped stream (resuming from its last id where the target can), and drops them all at once
 * for the storm.
 */
final class Fleet implements AutoCloseable {

  private static final int MAX_ATTEMPTS = 5;

  final Target target;
  final Tally tally;
  final byte[] timedType;
  private final EventLoopGroup group;
  private final Bootstrap bootstrap;
  private final InetSocketAddress remote;
  private final InetAddress[] sources;
  private final int limit;
  private final ConcurrentLinkedQueue<Stream> pending = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger live = new AtomicInteger();
  private final AtomicInteger gaveUp = new AtomicInteger();
  private volatile boolean reconnect = true;
  private volatile boolean closing;

  /**
   * A fleet connecting to {@code port} on 127.0.0.1 from {@code sourceCount} addresses
   * (127.0.0.1, 127.0.0.2, …) with at most {@code limit} connects in flight.
   */
  Fleet(Target target, Tally tally, int port, int threads, int sourceCount, int limit,
        String timedType) {
    this.target = target;
    this.tally = tally;
    this.timedType = timedType == null ? null : timedType.getBytes(StandardCharsets.US_ASCII);
    this.limit = limit;
    this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_REUSEADDR, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 15_000);
    try {
      this.remote = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
      this.sources = new InetAddress[sourceCount];
      for (int i = 0; i < sourceCount; i++) {
        sources[i] = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (i + 1)});
      }
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts connecting {@code streams}; returns at once. */
  void open(Collection<Stream> streams) {
    reconnect = true;
    pending.addAll(streams);
    pump();
  }

  /** Streams that are open and past their {@code ready} event. */
  int live() {
    return live.get();
  }

  /** Streams that failed {@value #MAX_ATTEMPTS} connects in a row and were given up. */
  int gaveUp() {
    return gaveUp.get();
  }

  /** Closes every connection without reconnecting (the storm's drop); returns at once. */
  void dropAll(List<Stream> streams) {
    reconnect = false;
    for (Stream stream : streams) {
      Channel channel = stream.channel;
      if (channel != null) {
        channel.close();
      }
    }
  }

  void ready(Stream stream, long connectNanos) {
    stream.live = true;
    stream.readyNanos = System.nanoTime();
    stream.failures = 0;
    live.incrementAndGet();
    tally.connected(connectNanos);
    inFlight.decrementAndGet();
    pump();
  }

  void closed(Stream stream, boolean wasReady) {
    stream.channel = null;
    if (wasReady) {
      stream.live = false;
      live.decrementAndGet();
      if (!closing && reconnect) {
        stream.drops++;
        tally.drops.increment();
      }
    } else {
      inFlight.decrementAndGet();
      if (stream.lastStatus != 200) {
        tally.refused.increment();
      }
    }
    if (closing || !reconnect) {
      pump();
      return;
    }
    if (!wasReady && ++stream.failures >= MAX_ATTEMPTS) {
      gaveUp.incrementAndGet();
      pump();
      return;
    }
    long delayMs = wasReady ? 0 : 250L * stream.failures;
    group.schedule(() -> {
      pending.add(stream);
      pump();
    }, delayMs, TimeUnit.MILLISECONDS);
    pump();
  }

  private void pump() {
    while (!closing) {
      int now = inFlight.get();
      if (now >= limit) {
        return;
      }
      if (!inFlight.compareAndSet(now, now + 1)) {
        continue;
      }
      Stream stream = pending.poll();
      if (stream == null) {
        inFlight.decrementAndGet();
        return;
      }
      connect(stream);
    }
  }

  private void connect(Stream stream) {
    boolean resume = stream.connects > 0 && stream.last >= 0;
    stream.connects++;
    stream.connectStartNanos = System.nanoTime();
    stream.lastStatus = 0;
    InetSocketAddress local = new InetSocketAddress(sources[stream.index % sources.length], 0);
    bootstrap.clone().handler(new Connection(stream, this, resume)).connect(remote, local)
        .addListener(f -> {
          if (!f.isSuccess()) {
            closed(stream, false);
          }
        });
  }

  @Override
  public void close() {
    closing = true;
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}

package dev.chatmesh.realtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.List;

/**
 * One open SSE connection. It sends exactly the sequence numbers that follow the last one it
 * sent: anything older is a duplicate and dropped, anything further ahead means a gap, and the
 * stream then reads the missing events from history before it goes on with live ones. That
 * rule alone makes resume, reordering and lost broker messages safe. Event loop only.
 */
final class SseStream {

  private static final Logger log = LoggerFactory.getLogger(SseStream.class);

  private final StreamRequest request;
  private final StreamSink sink;
  private final Shard shard;
  private final Channel channel;
  private final HistoryReads reads;
  private final HubOptions options;
  private final HubMetrics metrics;
  private long lastSent;
  private boolean readySent;
  private boolean catchingUp = true;
  private boolean overflowed;
  private boolean closed;
  private boolean dirty;
  private ArrayDeque<Frame> buffered = new ArrayDeque<>();
  private long lastWriteNanos = System.nanoTime();

  /**
   * A stream answering {@code request} into {@code sink}, registered in {@code shard} and fed
   * by {@code channel}, which it holds (acquired) for its whole life.
   */
  SseStream(StreamRequest request, StreamSink sink, Shard shard, Channel channel,
            HistoryReads reads, HubOptions options, HubMetrics metrics) {
    this.request = request;
    this.sink = sink;
    this.shard = shard;
    this.channel = channel;
    this.reads = reads;
    this.options = options;
    this.metrics = metrics;
    this.lastSent = request.lastEventId() == null ? -1 : request.lastEventId();
  }

  StreamRequest request() {
    return request;
  }

  long companyId() {
    return request.companyId();
  }

  Channel channel() {
    return channel;
  }

  /** Starts the response with the {@code retry:} field, then catches up from history. */
  void start() {
    sink.onClose(this::gone);
    sink.start(options.queueBytes(), SseFrames.retry(options.retry().toMillis()), this::begin);
  }

  /**
   * A stream that starts at the head of a company this node already follows takes the head
   * from the company's channel: events after it reach the stream through the channel, so no
   * history read is needed (that read was a third of a connect's cost).
   */
  private void begin() {
    long head = request.lastEventId() == null ? channel.settledHead() : -1;
    if (head >= 0) {
      caughtUp(null, new History.Page(List.of(), head, false));
    } else {
      readHistory(request.lastEventId());
    }
  }

  /** A live frame from the shard's drain. */
  void offer(Frame frame) {
    if (closed) {
      return;
    }
    if (catchingUp) {
      if (buffered.size() >= options.catchUpBufferLimit()) {
        overflowed = true;
        buffered.clear();
      } else {
        buffered.add(frame);
      }
      return;
    }
    long seq = frame.event().seq();
    if (seq <= lastSent) {
      return;
    }
    if (seq > lastSent + 1) {
      catchingUp = true;
      buffered.add(frame);
      readHistory(lastSent);
      return;
    }
    take(frame);
  }

  private void take(Frame frame) {
    Event event = frame.event();
    lastSent = event.seq();
    if (event.isFor(request.memberId(), request.topics())) {
      write(frame);
    }
    if (event.revokes() != null && event.revokes() == request.memberId()) {
      revoke("membership_ended");
    }
  }

  private void readHistory(Long after) {
    reads.read(request.companyId(), after, options.catchUpBatch()).onComplete(result -> {
      if (closed) {
        return;
      }
      if (result.failed()) {
        log.warn("history read failed; closing stream so the client resumes", result.cause());
        disconnect();
        return;
      }
      caughtUp(after, result.result());
    });
  }

  private void caughtUp(Long after, History.Page page) {
    if (!readySent) {
      readySent = true;
      write(Frame.of(Wire.ready(page.head(), request.companyId(),
          options.heartbeat().toMillis())));
    }
    boolean more = false;
    if (after == null) {
      lastSent = page.head();
    } else if (page.resets(after)) {
      write(Frame.of(Wire.reset(page.head())));
      lastSent = page.head();
    } else {
      for (Event event : page.events()) {
        if (event.seq() > lastSent && !closed) {
          take(Frame.of(event));
        }
      }
      more = page.events().size() >= options.catchUpBatch();
    }
    flush();
    if (closed) {
      return;
    }
    if (more || overflowed) {
      overflowed = false;
      readHistory(lastSent);
      return;
    }
    catchingUp = false;
    ArrayDeque<Frame> replay = buffered;
    buffered = new ArrayDeque<>();
    for (Frame frame : replay) {
      offer(frame);
    }
    flush();
  }

  private void write(Frame frame) {
    sink.write(frame);
    if (!dirty) {
      dirty = true;
      shard.markDirty(this);
    }
  }

  /** Sends what accumulated as one write, and cuts the stream off if the client lags. */
  void flush() {
    dirty = false;
    if (closed || !sink.flush()) {
      return;
    }
    lastWriteNanos = System.nanoTime();
    if (sink.full()) {
      metrics.slowConsumer();
      log.debug("stream of member {} in company {} cannot keep up; disconnecting",
          request.memberId(), request.companyId());
      disconnect();
    }
  }

  /** Heartbeat and expiry check from the shard's timer. */
  void tick(long nowNanos, long nowMillis) {
    if (closed) {
      return;
    }
    if (request.expiresAt() != null && nowMillis >= request.expiresAt().toEpochMilli()) {
      revoke("token_expired");
      return;
    }
    if (nowNanos - lastWriteNanos >= options.heartbeat().toNanos() && readySent) {
      write(request.pingAsEvent() ? SseFrames.PING_EVENT_FRAME : SseFrames.PING_FRAME);
      flush();
    }
  }

  /** Sends a final {@code revoked} event and ends the stream; the client must not reconnect. */
  void revoke(String reason) {
    if (closed) {
      return;
    }
    write(Frame.of(Wire.revoked(reason)));
    flush();
    end();
  }

  /** Ends the response cleanly (shutdown): the client reconnects, elsewhere if need be. */
  void end() {
    if (closed) {
      return;
    }
    closed = true;
    sink.end();
    // The connection may stay open for the client's next request (keep-alive): the stream is
    // over now, not when the connection closes.
    shard.remove(this);
  }

  /** The connection is gone: nothing more may be written. */
  private void gone() {
    closed = true;
    shard.remove(this);
  }

  /** Drops the connection (slow consumer, failure): the client reconnects and resumes by id. */
  private void disconnect() {
    if (closed) {
      return;
    }
    closed = true;
    sink.drop();
  }
}

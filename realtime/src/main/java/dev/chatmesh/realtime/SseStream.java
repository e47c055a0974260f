package dev.chatmesh.realtime;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;

/**
 * One open SSE connection. It sends exactly the sequence numbers that follow the last one it
 * sent: anything older is a duplicate and dropped, anything further ahead means a gap, and the
 * stream then reads the missing events from history before it goes on with live ones. That
 * rule alone makes resume, reordering and lost broker messages safe. Event loop only.
 */
final class SseStream {

  private static final Logger log = LoggerFactory.getLogger(SseStream.class);

  final StreamRequest request;
  final HttpServerResponse response;
  final Shard shard;
  private final Hub hub;
  int slot = -1;
  private long lastSent;
  private boolean readySent;
  private boolean catchingUp = true;
  private boolean overflowed;
  private boolean closed;
  private boolean dirty;
  private ArrayDeque<Event> buffered = new ArrayDeque<>();
  private final Outlet outlet;
  private long lastWriteNanos = System.nanoTime();

  SseStream(StreamRequest request, HttpServerRequest http, Shard shard, Hub hub) {
    this.request = request;
    this.response = http.response();
    this.outlet = Outlet.of(http);
    this.shard = shard;
    this.hub = hub;
    this.lastSent = request.lastEventId() == null ? -1 : request.lastEventId();
  }

  long companyId() {
    return request.companyId();
  }

  /** Sends the headers and the {@code retry:} field, then catches up from history. */
  void start() {
    response.setChunked(true)
        .setWriteQueueMaxSize(hub.options.queueBytes())
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    // The outlet may write below Vert.x: start only once Vert.x has sent the head.
    response.write(SseFrames.retry(hub.options.retry().toMillis()))
        .onSuccess(written -> begin());
  }

  /**
   * A stream that starts at the head of a company this node already follows takes the head
   * from the company's channel: events after it reach the stream through the channel, so no
   * history read is needed (that read was a third of a connect's cost).
   */
  private void begin() {
    Channel channel = request.lastEventId() == null ? hub.channel(request.companyId()) : null;
    long head = channel == null ? -1 : channel.settledHead();
    if (head >= 0) {
      caughtUp(null, new History.Page(java.util.List.of(), head, false));
    } else {
      readHistory(request.lastEventId());
    }
  }

  /** A live event from the shard's drain. */
  void offer(Event event) {
    if (closed) {
      return;
    }
    if (catchingUp) {
      if (buffered.size() >= hub.options.catchUpBufferLimit()) {
        overflowed = true;
        buffered.clear();
      } else {
        buffered.add(event);
      }
      return;
    }
    if (event.seq() <= lastSent) {
      return;
    }
    if (event.seq() > lastSent + 1) {
      catchingUp = true;
      buffered.add(event);
      readHistory(lastSent);
      return;
    }
    take(event);
  }

  private void take(Event event) {
    lastSent = event.seq();
    if (event.isFor(request.memberId(), request.topics())) {
      append(event.frame(), event.chunk());
    }
    if (event.revokes() != null && event.revokes() == request.memberId()) {
      revoke("membership_ended");
    }
  }

  private void readHistory(Long after) {
    hub.vertx.executeBlocking(
            () -> hub.history.read(request.companyId(), after, hub.options.catchUpBatch()), false)
        .onComplete(result -> {
          if (closed) {
            return;
          }
          if (result.failed()) {
            log.warn("history read failed; closing stream so the client resumes",
                result.cause());
            disconnect();
            return;
          }
          caughtUp(after, result.result());
        });
  }

  private void caughtUp(Long after, History.Page page) {
    if (!readySent) {
      readySent = true;
      control(SseFrames.event(null, "ready", "{\"headId\":\"" + page.head() + "\",\"companyId\":"
          + request.companyId() + ",\"heartbeatMs\":" + hub.options.heartbeat().toMillis() + "}"));
    }
    boolean more = false;
    if (after == null) {
      lastSent = page.head();
    } else if (page.truncated() || after > page.head()) {
      control(SseFrames.event(Long.toString(page.head()), "reset",
          "{\"reason\":\"history_truncated\",\"headId\":\"" + page.head() + "\"}"));
      lastSent = page.head();
    } else {
      for (Event event : page.events()) {
        if (event.seq() > lastSent && !closed) {
          take(event);
        }
      }
      more = page.events().size() >= hub.options.catchUpBatch();
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
    ArrayDeque<Event> replay = buffered;
    buffered = new ArrayDeque<>();
    for (Event event : replay) {
      offer(event);
    }
    flush();
  }

  private void control(Buffer frame) {
    append(frame, null);
  }

  private void append(Buffer frame, ByteBuf chunk) {
    outlet.add(frame, chunk);
    if (!dirty) {
      dirty = true;
      shard.markDirty(this);
    }
  }

  /** Sends what accumulated as one write, and cuts the stream off if the client lags. */
  void flush() {
    dirty = false;
    if (closed || !outlet.flush()) {
      return;
    }
    lastWriteNanos = System.nanoTime();
    if (outlet.full()) {
      hub.metrics.slowConsumer();
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
    if (nowNanos - lastWriteNanos >= hub.options.heartbeat().toNanos() && readySent) {
      if (request.pingAsEvent()) {
        append(SseFrames.PING_EVENT, SseFrames.PING_EVENT_CHUNK);
      } else {
        append(SseFrames.PING, SseFrames.PING_CHUNK);
      }
      flush();
    }
  }

  /** Sends a final {@code revoked} event and ends the stream; the client must not reconnect. */
  void revoke(String reason) {
    if (closed) {
      return;
    }
    control(SseFrames.event(null, "revoked", "{\"reason\":\"" + reason + "\"}"));
    flush();
    end();
  }

  /** The connection is gone: nothing more may be written. */
  void gone() {
    closed = true;
  }

  /** Ends the response cleanly (shutdown): the client reconnects, elsewhere if need be. */
  void end() {
    if (closed) {
      return;
    }
    closed = true;
    response.end();
    // The connection may stay open for the client's next request (keep-alive): the stream is
    // over now, not when the connection closes.
    hub.detach(this);
  }

  /** Drops the connection (slow consumer, failure): the client reconnects and resumes by id. */
  void disconnect() {
    if (closed) {
      return;
    }
    closed = true;
    outlet.drop();
  }

}

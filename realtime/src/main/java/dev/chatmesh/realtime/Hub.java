package dev.chatmesh.realtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The node's realtime engine, wired: open streams grouped by event loop ({@code Shard}), one
 * {@code Channel} per company in use, the connection {@code Limits} and the {@code Relay}. It
 * hands each collaborator what it needs; they do not reach back into the hub.
 */
public final class Hub {

  private final Vertx vertx;
  private final Broker broker;
  private final HubOptions options;
  private final HistoryReads reads;
  private final HubMetrics metrics;
  private final Limits limits;
  private final Channels channels;
  private final Relay relay;
  private final Poller poller;
  private final Map<Context, Shard> shards = new ConcurrentHashMap<>();

  /** Wires the hub; streams may be opened at once. */
  public Hub(Vertx vertx, Broker broker, History history, HubOptions options,
             MeterRegistry registry) {
    this.vertx = vertx;
    this.broker = broker;
    this.options = options;
    this.reads = new HistoryReads(vertx, history);
    this.limits = new Limits(options.perAccountLimit(), options.perCompanyLimit());
    this.metrics = new HubMetrics(registry, limits);
    this.channels = new Channels(broker, companyId -> new Channel(companyId, vertx,
        reads, options.gapHold(), options.catchUpBatch()));
    this.relay = new Relay(vertx, reads, channels, options.relayInterval());
    this.poller = new Poller(vertx, reads, channels);
  }

  /** What became of a request to open a stream. */
  public enum Opened {
    /** The stream is open. */
    OPENED,
    /** The account already holds its limit of streams on this node. */
    ACCOUNT_LIMIT,
    /** The company already holds its limit of streams on this node. */
    COMPANY_LIMIT
  }

  /**
   * Opens a stream answering {@code request} into {@code sink}; must be called on the event
   * loop that serves the connection. When a limit is reached nothing is written and the caller
   * answers 429.
   */
  public Opened open(StreamRequest request, StreamSink sink) {
    Opened reserved = limits.reserve(request);
    if (reserved != Opened.OPENED) {
      return reserved;
    }
    Shard shard = shards.computeIfAbsent(vertx.getOrCreateContext(),
        context -> new Shard(context, options.heartbeat(), metrics, this::removed));
    Channel channel = channels.acquire(request.companyId());
    SseStream stream = new SseStream(request, sink, shard, channel, reads, options, metrics);
    shard.add(stream);
    stream.start();
    return Opened.OPENED;
  }

  /** Long-polling on this hub's channels and history. */
  public Poller poller() {
    return poller;
  }

  /** Publishes a committed event through the broker to every node's streams. */
  public Future<Void> publish(Event event) {
    metrics.published();
    return broker.publish(event);
  }

  /**
   * Ends, with a {@code revoked} event, every local stream that matches — for example the
   * streams of a session that logged out; held long-polls that match end with the same reason.
   */
  public void revoke(Predicate<StreamRequest> which, String reason) {
    poller.revoke(which, reason);
    for (Shard shard : shards.values()) {
      shard.forEachStream(stream -> {
        if (which.test(stream.request())) {
          stream.revoke(reason);
        }
      });
    }
  }

  /** Ends every stream so clients reconnect (to another node), and stops the relay. */
  public Future<Void> shutdown() {
    relay.stop();
    List<Future<Void>> done = new ArrayList<>();
    for (Shard shard : shards.values()) {
      done.add(shard.forEachStream(SseStream::end));
    }
    return Future.all(done).mapEmpty();
  }

  /** This node's view of one company's streams. */
  public CompanyStats stats(long companyId) {
    Channel channel = channels.get(companyId);
    return new CompanyStats(limits.streams(companyId), limits.streamsByMember(companyId),
        channel == null ? 0 : Math.max(0, channel.expected() - 1));
  }

  /** Open streams on this node, all companies together. */
  public int openStreams() {
    return limits.openStreams();
  }

  /** The sessions that hold open streams or held long-polls on this node. */
  public Set<String> openSessions() {
    Set<String> sessions = new java.util.HashSet<>(limits.sessions());
    sessions.addAll(poller.sessions());
    return sessions;
  }

  /** Companies with open streams or pollers on this node. */
  public int activeCompanies() {
    return channels.size();
  }

  /**
   * One company's streams on this node.
   *
   * @param streams          open streams
   * @param streamsByMember  open streams per member id
   * @param lastDeliveredId  the last event id this node handed to the company's streams
   */
  public record CompanyStats(int streams, Map<Long, Integer> streamsByMember,
                             long lastDeliveredId) {
  }

  /** A shard let a stream go: count it out and give its channel back. */
  private void removed(SseStream stream) {
    limits.release(stream.request());
    channels.release(stream.channel());
  }
}

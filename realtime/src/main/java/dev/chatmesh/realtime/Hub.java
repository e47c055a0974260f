package dev.chatmesh.realtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

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
  private final String nodeId = java.util.UUID.randomUUID().toString().substring(0, 8);
  private final long censusTimer;
  private volatile Map<String, Map<String, Integer>> census = Map.of();
  private volatile long censusAt;

  /** How often each node shares its counts; a node silent for {@link #CENSUS_TTL} is gone. */
  static final java.time.Duration CENSUS_INTERVAL = java.time.Duration.ofSeconds(2);
  static final java.time.Duration CENSUS_TTL = java.time.Duration.ofSeconds(10);

  /** Wires the hub; streams may be opened at once. */
  public Hub(Vertx vertx, Broker broker, History history, HubOptions options,
             MeterRegistry registry) {
    this.vertx = vertx;
    this.broker = broker;
    this.options = options;
    this.reads = new HistoryReads(vertx, history);
    this.limits = new Limits(options.perAccountLimit(), options.perCompanyLimit());
    this.metrics = new HubMetrics(registry, limits, broker);
    this.channels = new Channels(broker, companyId -> new Channel(companyId, vertx,
        reads, options.gapHold(), options.catchUpBatch()));
    this.relay = new Relay(vertx, reads, channels, options.relayInterval(), broker::connected);
    this.poller = new Poller(vertx, reads, channels, limits);
    this.censusTimer = vertx.setPeriodic(1, CENSUS_INTERVAL.toMillis(), id -> takeCensus());
  }

  // Limits count the other live nodes' last census; once it is older than the TTL (the broker
  // away) they count this node only, as a lone node would.
  private void takeCensus() {
    if (System.currentTimeMillis() - censusAt > CENSUS_TTL.toMillis()) {
      census = Map.of();
      limits.others(Map.of());
    }
    broker.census(nodeId, limits.snapshot(), CENSUS_TTL).onSuccess(all -> {
      Map<String, Integer> sums = new java.util.HashMap<>();
      all.forEach((node, counts) -> {
        if (!node.equals(nodeId)) {
          counts.forEach((key, n) -> sums.merge(key, n, Integer::sum));
        }
      });
      limits.others(sums);
      census = all;
      censusAt = System.currentTimeMillis();
    });
  }

  /** What became of a request to open a stream. */
  public enum Opened {
    /** The stream is open. */
    OPENED,
    /** The account already holds its limit of streams and held polls in the cluster. */
    ACCOUNT_LIMIT,
    /** The company already holds its limit of streams and held polls in the cluster. */
    COMPANY_LIMIT
  }

  /** A long-poll refused because a limit is reached, as a stream would be ({@link Opened}). */
  public static final class LimitReached extends RuntimeException {
    private final Opened which;

    LimitReached(Opened which) {
      super(which.name(), null, false, false);
      this.which = which;
    }

    /** Which limit. */
    public Opened which() {
      return which;
    }
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
    // One shard per event loop: a request runs on a duplicate of its loop's context (one per
    // request in Vert.x 5), so the shard is keyed by the loop's own context, not the request's.
    ContextInternal loop = ((ContextInternal) vertx.getOrCreateContext()).unwrap();
    Shard shard = shards.computeIfAbsent(loop,
        context -> new Shard(context, options.heartbeat(), metrics, this::removed));
    Channel channel = channels.acquire(request.companyId());
    SseStream stream = new SseStream(request, sink, shard, channel, reads, options, metrics);
    shard.add(stream);
    stream.start();
    return Opened.OPENED;
  }

  /** How many shards this hub has: one per event loop that opened a stream. */
  int shardCount() {
    return shards.size();
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

  /**
   * Ends every stream so clients reconnect (to another node), stops the relay and tells the
   * census this node holds nothing any more.
   */
  public Future<Void> shutdown() {
    relay.stop();
    vertx.cancelTimer(censusTimer);
    List<Future<Void>> done = new ArrayList<>();
    for (Shard shard : shards.values()) {
      done.add(shard.forEachStream(SseStream::end));
    }
    // The clients come back on other nodes at once: this node's share must not count against
    // them until it expires.
    return Future.all(done).compose(v -> broker.census(nodeId, Map.of(), CENSUS_TTL))
        .otherwiseEmpty().mapEmpty();
  }

  /** This node's view of one company's streams. */
  public CompanyStats stats(long companyId) {
    Channel channel = channels.get(companyId);
    return new CompanyStats(limits.streams(companyId), limits.streamsByMember(companyId),
        channel == null ? 0 : Math.max(0, channel.expected() - 1));
  }

  /**
   * One company's streams and held long-polls over every live node: this node's own counts
   * now, the others' as of their last census (at most {@link #CENSUS_INTERVAL} old).
   */
  public ClusterStats clusterStats(long companyId) {
    Map<String, Integer> elsewhere = limits.others();
    String companyKey = Limits.companyKey(companyId);
    String memberPrefix = "m" + companyId + ":";
    Map<Long, Integer> byMember = new java.util.HashMap<>(limits.streamsByMember(companyId));
    elsewhere.forEach((key, n) -> {
      if (key.startsWith(memberPrefix)) {
        byMember.merge(Long.parseLong(key.substring(memberPrefix.length())), n, Integer::sum);
      }
    });
    Map<String, Integer> nodes = new java.util.TreeMap<>();
    census.forEach((node, counts) -> nodes.put(node, counts.getOrDefault(companyKey, 0)));
    int mine = limits.streams(companyId);
    nodes.put(nodeId, mine);
    return new ClusterStats(mine + elsewhere.getOrDefault(companyKey, 0), byMember, nodes);
  }

  /**
   * One company's connections over the cluster.
   *
   * @param streams         open streams and held long-polls on every live node
   * @param streamsByMember the same per member id
   * @param nodes           per live node id, its share of {@code streams}
   */
  public record ClusterStats(int streams, Map<Long, Integer> streamsByMember,
                             Map<String, Integer> nodes) {
  }

  /** This node's id in the census (random per start). */
  public String nodeId() {
    return nodeId;
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

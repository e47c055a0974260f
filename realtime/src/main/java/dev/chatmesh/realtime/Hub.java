package dev.chatmesh.realtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The node's registry of open streams, grouped by company and event loop. It subscribes to the
 * broker for a company while the company has local streams or pollers, enforces connection
 * limits, and hands each committed event to the streams that may see it.
 */
public final class Hub {

  private static final Logger log = LoggerFactory.getLogger(Hub.class);

  final Vertx vertx;
  final Broker broker;
  final History history;
  final HubOptions options;
  final HubMetrics metrics;
  private final Map<Long, Channel> channels = new HashMap<>();
  private final Map<Context, Shard> shards = new ConcurrentHashMap<>();
  private final Map<Long, Integer> perAccount = new HashMap<>();
  private final Map<Long, Integer> perCompany = new HashMap<>();
  private final Map<Long, Map<Long, Integer>> perMember = new HashMap<>();
  private final Map<String, Integer> perSession = new HashMap<>();
  private final long relayTimer;

  /** Wires the hub; streams may be opened at once. */
  public Hub(Vertx vertx, Broker broker, History history, HubOptions options,
             MeterRegistry registry) {
    this.vertx = vertx;
    this.broker = broker;
    this.history = history;
    this.options = options;
    this.metrics = new HubMetrics(registry, this);
    this.relayTimer = vertx.setPeriodic(options.relayInterval().toMillis(), id -> relay());
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
   * Opens a stream answering {@code http}; must be called on the event loop that serves the
   * request. When a limit is reached nothing is written and the caller answers 429.
   */
  public Opened open(StreamRequest request, HttpServerRequest http) {
    Opened reserved = reserve(request);
    if (reserved != Opened.OPENED) {
      return reserved;
    }
    Context context = vertx.getOrCreateContext();
    Shard shard = shards.computeIfAbsent(context, c -> new Shard(c, this));
    SseStream stream = new SseStream(request, http, shard, this);
    Channel channel = acquire(request.companyId());
    if (shard.add(stream)) {
      channel.addShard(shard);
    }
    http.response().closeHandler(v -> detach(stream));
    stream.start();
    return Opened.OPENED;
  }

  /** Publishes a committed event through the broker to every node's streams. */
  public Future<Void> publish(Event event) {
    metrics.published();
    return broker.publish(event);
  }

  /**
   * Ends, with a {@code revoked} event, every local stream that matches — for example the
   * streams of a session that logged out.
   */
  public void revoke(Predicate<StreamRequest> which, String reason) {
    for (Shard shard : shards.values()) {
      shard.context.runOnContext(v -> {
        for (SseStream stream : shard.streams()) {
          if (which.test(stream.request)) {
            stream.revoke(reason);
          }
        }
      });
    }
  }

  /** Ends every stream so clients reconnect (to another node), and stops the relay. */
  public Future<Void> shutdown() {
    vertx.cancelTimer(relayTimer);
    List<Future<Void>> done = new ArrayList<>();
    for (Shard shard : shards.values()) {
      Promise<Void> promise = Promise.promise();
      shard.context.runOnContext(v -> {
        shard.streams().forEach(SseStream::end);
        promise.complete();
      });
      done.add(promise.future());
    }
    return Future.all(done).mapEmpty();
  }

  /** This node's view of one company's streams. */
  public synchronized CompanyStats stats(long companyId) {
    Map<Long, Integer> members = perMember.getOrDefault(companyId, Map.of());
    Channel channel = channels.get(companyId);
    return new CompanyStats(perCompany.getOrDefault(companyId, 0), Map.copyOf(members),
        channel == null ? 0 : Math.max(0, channel.expected() - 1));
  }

  /** Open streams on this node, all companies together. */
  public synchronized int openStreams() {
    return perCompany.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** The sessions that hold open streams on this node. */
  public synchronized Set<String> openSessions() {
    return Set.copyOf(perSession.keySet());
  }

  /** Companies with open streams or pollers on this node. */
  public synchronized int activeCompanies() {
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

  synchronized Channel acquire(long companyId) {
    Channel channel = channels.get(companyId);
    if (channel == null) {
      channel = new Channel(companyId, this);
      channels.put(companyId, channel);
      channel.subscription = broker.subscribe(companyId, channel::accept);
      metrics.companyOpened(companyId);
    }
    channel.users++;
    return channel;
  }

  synchronized void release(Channel channel) {
    if (--channel.users > 0) {
      return;
    }
    channels.remove(channel.companyId);
    metrics.companyClosed(channel.companyId);
    channel.subscription.onSuccess(Broker.Subscription::unsubscribe);
  }

  synchronized Channel channel(long companyId) {
    return channels.get(companyId);
  }

  /** Unregisters a stream once; called when it ends or its connection closes. */
  void detach(SseStream stream) {
    stream.gone();
    Shard shard = stream.shard;
    if (shard.deferWhileDraining(stream)) {
      return;
    }
    if (stream.slot < 0) {
      return;
    }
    Channel channel = channel(stream.companyId());
    if (shard.remove(stream) && channel != null) {
      channel.removeShard(shard);
    }
    unreserve(stream.request);
    if (channel != null) {
      release(channel);
    }
  }

  private synchronized Opened reserve(StreamRequest request) {
    int account = perAccount.getOrDefault(request.accountId(), 0);
    if (account >= options.perAccountLimit()) {
      return Opened.ACCOUNT_LIMIT;
    }
    int company = perCompany.getOrDefault(request.companyId(), 0);
    if (company >= options.perCompanyLimit()) {
      return Opened.COMPANY_LIMIT;
    }
    perAccount.put(request.accountId(), account + 1);
    perCompany.put(request.companyId(), company + 1);
    perMember.computeIfAbsent(request.companyId(), id -> new HashMap<>())
        .merge(request.memberId(), 1, Integer::sum);
    perSession.merge(request.sessionId(), 1, Integer::sum);
    return Opened.OPENED;
  }

  private synchronized void unreserve(StreamRequest request) {
    perAccount.computeIfPresent(request.accountId(), (id, n) -> n > 1 ? n - 1 : null);
    perCompany.computeIfPresent(request.companyId(), (id, n) -> n > 1 ? n - 1 : null);
    perSession.computeIfPresent(request.sessionId(), (id, n) -> n > 1 ? n - 1 : null);
    Map<Long, Integer> members = perMember.get(request.companyId());
    if (members != null) {
      members.computeIfPresent(request.memberId(), (id, n) -> n > 1 ? n - 1 : null);
      if (members.isEmpty()) {
        perMember.remove(request.companyId());
      }
    }
  }

  /**
   * Compares each active company's committed head with what this node delivered, so that an
   * event whose publish was lost (a crash between commit and publish, a dropped broker
   * message) still reaches every stream.
   */
  private void relay() {
    List<Long> ids;
    synchronized (this) {
      if (channels.isEmpty()) {
        return;
      }
      ids = new ArrayList<>(channels.keySet());
    }
    vertx.executeBlocking(() -> history.heads(ids), false).onComplete(result -> {
      if (result.failed()) {
        log.warn("relay could not read company heads", result.cause());
        return;
      }
      result.result().forEach((companyId, head) -> {
        Channel channel = channel(companyId);
        if (channel != null) {
          channel.observeHead(head);
        }
      });
    });
  }
}

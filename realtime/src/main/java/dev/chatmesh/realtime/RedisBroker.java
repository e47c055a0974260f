package dev.chatmesh.realtime;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The many-node broker: Redis pub/sub, one channel per company, subscribed only while this
 * node has streams of that company. Pub/sub may drop messages while a connection is down; the
 * hub's relay then finds the missing events in the database, which stays the source of truth.
 */
public final class RedisBroker implements Broker {

  private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);

  private final Vertx vertx;
  private final String prefix;
  private final String namespace;
  private final Redis client;
  private final Map<Long, List<Consumer<Event>>> handlers = new ConcurrentHashMap<>();
  private volatile RedisConnection subscriber;
  private volatile boolean closed;
  private Future<RedisConnection> connecting;
  private Future<RedisConnection> publishing;

  private RedisBroker(Vertx vertx, String url, String namespace) {
    this.vertx = vertx;
    this.prefix = namespace + ":events:";
    this.namespace = namespace;
    this.client = Redis.createClient(vertx, new RedisOptions().setConnectionString(url)
        .setMaxPoolSize(8).setMaxPoolWaiting(1024));
    // The subscriber connection is held from the start, so its state is the broker's health
    // even before any stream subscribes.
    connection().onFailure(e -> {
      log.warn("redis broker unreachable; delivering by polling the database every {} ms "
          + "until it answers", Relay.DEGRADED.toMillis());
      reconnect();
    });
  }

  /**
   * A broker on the Redis server at {@code url} ({@code redis://host:port}); channels are
   * named {@code <namespace>:events:<companyId>}, so deployments can share one Redis.
   */
  public static RedisBroker connect(Vertx vertx, String url, String namespace) {
    return new RedisBroker(vertx, url, namespace);
  }

  /**
   * Publishes on one dedicated connection, so one node's events reach Redis (and every other
   * node) in the order they were published, which spares the hubs most reordering.
   */
  @Override
  public Future<Void> publish(Event event) {
    return publisher().compose(c -> RedisAPI.api(c).publish(prefix + event.companyId(),
        encode(event))).mapEmpty();
  }

  private synchronized Future<RedisConnection> publisher() {
    if (publishing == null || publishing.failed()) {
      publishing = client.connect().andThen(result -> {
        if (result.succeeded()) {
          result.result().exceptionHandler(e -> log.warn("redis publisher connection failed", e));
          result.result().endHandler(v -> {
            synchronized (this) {
              publishing = null;
            }
          });
        }
      });
    }
    return publishing;
  }

  @Override
  public Future<Subscription> subscribe(long companyId, Consumer<Event> handler) {
    List<Consumer<Event>> list = handlers.computeIfAbsent(companyId,
        id -> new CopyOnWriteArrayList<>());
    list.add(handler);
    Future<Void> ready = list.size() == 1
        ? connection().compose(c -> RedisAPI.api(c).subscribe(List.of(prefix + companyId)))
            .mapEmpty()
        : Future.succeededFuture();
    Subscription subscription = () -> {
      List<Consumer<Event>> current = handlers.get(companyId);
      if (current == null || !current.remove(handler) || !current.isEmpty()) {
        return Future.succeededFuture();
      }
      handlers.remove(companyId, current);
      RedisConnection connection = subscriber;
      return connection == null ? Future.succeededFuture()
          : RedisAPI.api(connection).unsubscribe(List.of(prefix + companyId)).mapEmpty();
    };
    return ready.map(subscription);
  }

  /**
   * Each node's counts are one key, {@code <namespace>:census:<node>}, written with an expiry;
   * the live nodes are a sorted set scored by the time of their last census.
   */
  @Override
  public Future<Map<String, Map<String, Integer>>> census(String nodeId,
      Map<String, Integer> counts, java.time.Duration ttl) {
    long now = System.currentTimeMillis();
    String nodes = namespace + ":census";
    RedisAPI api = RedisAPI.api(client);
    return api.set(List.of(nodes + ":" + nodeId, encodeCounts(counts), "PX",
            Long.toString(ttl.toMillis())))
        .compose(ok -> api.zadd(List.of(nodes, Long.toString(now), nodeId)))
        .compose(ok -> api.zremrangebyscore(nodes, "-inf", Long.toString(now - ttl.toMillis())))
        .compose(ok -> api.zrange(List.of(nodes, "0", "-1")))
        .compose(ids -> {
          List<String> names = new java.util.ArrayList<>();
          ids.forEach(id -> names.add(id.toString()));
          if (names.isEmpty()) {
            return Future.succeededFuture(Map.of());
          }
          return api.mget(names.stream().map(id -> nodes + ":" + id).toList()).map(values -> {
            Map<String, Map<String, Integer>> all = new java.util.HashMap<>();
            for (int i = 0; i < names.size(); i++) {
              Response value = values.get(i);
              if (value != null) {
                all.put(names.get(i), decodeCounts(value.toString()));
              }
            }
            return all;
          });
        });
  }

  static String encodeCounts(Map<String, Integer> counts) {
    StringBuilder text = new StringBuilder();
    counts.forEach((key, n) -> text.append(key).append('=').append(n).append(','));
    return text.toString();
  }

  static Map<String, Integer> decodeCounts(String text) {
    Map<String, Integer> counts = new java.util.HashMap<>();
    for (String pair : text.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        counts.put(pair.substring(0, eq), Integer.parseInt(pair.substring(eq + 1)));
      }
    }
    return counts;
  }

  /** Whether the subscriber connection is up (messages published now reach this node). */
  @Override
  public boolean connected() {
    return subscriber != null;
  }

  @Override
  public void close() {
    closed = true;
    RedisConnection connection = subscriber;
    if (connection != null) {
      connection.close();
    }
    client.close();
  }

  private synchronized Future<RedisConnection> connection() {
    if (connecting == null) {
      Promise<RedisConnection> promise = Promise.promise();
      connecting = promise.future();
      client.connect().onComplete(result -> {
        if (result.failed()) {
          synchronized (this) {
            connecting = null;
          }
          promise.fail(result.cause());
          return;
        }
        RedisConnection connection = result.result();
        subscriber = connection;
        log.info("redis broker connected");
        connection.handler(this::onMessage);
        connection.exceptionHandler(e -> log.warn("redis subscriber connection failed: {}",
            e.toString()));
        connection.endHandler(v -> {
          if (!closed) {
            log.warn("redis broker connection lost; delivering by polling the database every "
                + "{} ms while reconnecting", Relay.DEGRADED.toMillis());
          }
          reconnect();
        });
        promise.complete(connection);
      });
    }
    return connecting;
  }

  /** Subscribes again after the connection dropped; what was missed comes from the relay. */
  private void reconnect() {
    synchronized (this) {
      subscriber = null;
      connecting = null;
    }
    if (closed) {
      return;
    }
    vertx.setTimer(500, id -> {
      if (closed) {
        return;
      }
      connection().compose(c -> {
        List<String> channels = handlers.keySet().stream().map(company -> prefix + company)
            .toList();
        return channels.isEmpty() ? Future.succeededFuture()
            : RedisAPI.api(c).subscribe(channels).mapEmpty();
      }).onFailure(e -> {
        log.debug("redis reconnect failed; retrying", e);
        RedisConnection failed = subscriber;
        if (failed != null) {
          failed.close();
        } else {
          reconnect();
        }
      });
    });
  }

  private void onMessage(Response message) {
    if (message.size() < 3 || !"message".equals(message.get(0).toString())) {
      return;
    }
    String channel = message.get(1).toString();
    long companyId = Long.parseLong(channel.substring(prefix.length()));
    List<Consumer<Event>> list = handlers.get(companyId);
    if (list == null) {
      return;
    }
    Event event = decode(companyId, message.get(2).toString());
    for (Consumer<Event> handler : list) {
      handler.accept(event);
    }
  }

  /**
   * {@code seq|recipient|revokes|typeLength|topicLength|<type><topic><json>}: the numbers can
   * hold no {@code |}, and type and topic are cut by length, so any character may appear in
   * them (lengths count UTF-16 chars, which survive Redis's UTF-8 round trip unchanged).
   */
  static String encode(Event event) {
    return event.seq() + "|" + (event.recipientId() == null ? "" : event.recipientId()) + "|"
        + (event.revokes() == null ? "" : event.revokes()) + "|" + event.type().length() + "|"
        + event.topic().length() + "|" + event.type() + event.topic() + event.json();
  }

  static Event decode(long companyId, String payload) {
    String[] head = payload.split("\\|", 6);
    int typeLength = Integer.parseInt(head[3]);
    int topicLength = Integer.parseInt(head[4]);
    String rest = head[5];
    return Event.of(companyId, Long.parseLong(head[0]), rest.substring(0, typeLength),
        rest.substring(typeLength, typeLength + topicLength),
        head[1].isEmpty() ? null : Long.valueOf(head[1]),
        head[2].isEmpty() ? null : Long.valueOf(head[2]), rest.substring(typeLength + topicLength),
        0);
  }
}

package dev.chatmesh.realtime;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Carries committed events to every node that has streams of the event's company, this one
 * included: local delivery always comes back through the subscription handler, so one node and
 * many nodes run the same path. The database stays the source of truth; a broker only wakes
 * nodes up, and a lost message is recovered from {@link History}.
 */
public interface Broker extends AutoCloseable {

  /** Sends a committed event to every subscriber of its company, on every node. */
  Future<Void> publish(Event event);

  /**
   * Calls {@code handler} with every event of {@code companyId} published from now on, on any
   * thread, until the returned subscription is closed.
   */
  Future<Subscription> subscribe(long companyId, Consumer<Event> handler);

  /**
   * Whether events published now reach the other nodes; while false, delivery falls back to
   * the hub's relay reading the database (every 100 ms instead of every second).
   */
  boolean connected();

  /**
   * Stores this node's stream counts for {@code ttl} (so a dead node's share expires by
   * itself) and answers every live node's latest counts, this node's included, by node id.
   */
  Future<Map<String, Map<String, Integer>>> census(String nodeId, Map<String, Integer> counts,
                                                   Duration ttl);

  /** Releases connections. */
  @Override
  void close();

  /** An active subscription. */
  interface Subscription {
    /** Stops the deliveries. */
    Future<Void> unsubscribe();
  }
}

package dev.chatmesh.realtime;

import io.vertx.core.Future;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The single-node broker: hands each event to the local subscribers of its company. */
public final class MemoryBroker implements Broker {

  private final Map<Long, List<Consumer<Event>>> handlers = new ConcurrentHashMap<>();
  private final Map<String, Counts> census = new ConcurrentHashMap<>();

  @Override
  public Future<Void> publish(Event event) {
    List<Consumer<Event>> list = handlers.get(event.companyId());
    if (list != null) {
      for (Consumer<Event> handler : list) {
        handler.accept(event);
      }
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Subscription> subscribe(long companyId, Consumer<Event> handler) {
    handlers.computeIfAbsent(companyId, id -> new CopyOnWriteArrayList<>()).add(handler);
    Subscription subscription = () -> {
      handlers.computeIfPresent(companyId, (id, list) -> {
        list.remove(handler);
        return list.isEmpty() ? null : list;
      });
      return Future.succeededFuture();
    };
    return Future.succeededFuture(subscription);
  }

  /** The census of the hubs sharing this broker (one, outside tests). */
  @Override
  public Future<Map<String, Map<String, Integer>>> census(String nodeId,
      Map<String, Integer> counts, java.time.Duration ttl) {
    long now = System.nanoTime();
    census.put(nodeId, new Counts(Map.copyOf(counts), now + ttl.toNanos()));
    census.values().removeIf(entry -> entry.expires() - now < 0);
    Map<String, Map<String, Integer>> live = new java.util.HashMap<>();
    census.forEach((node, entry) -> live.put(node, entry.counts()));
    return Future.succeededFuture(live);
  }

  private record Counts(Map<String, Integer> counts, long expires) {
  }

  /** Always: there is no connection to lose. */
  @Override
  public boolean connected() {
    return true;
  }

  @Override
  public void close() {
    handlers.clear();
  }
}

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

  /** One node: its own counts are the whole census. */
  @Override
  public Future<Map<String, Map<String, Integer>>> census(String nodeId,
      Map<String, Integer> counts, java.time.Duration ttl) {
    return Future.succeededFuture(Map.of(nodeId, Map.copyOf(counts)));
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

package dev.chatmesh.realtime;

import io.vertx.core.Vertx;

/** The single-node broker. "Nodes" of one test share one instance, as they share a process. */
class MemoryBrokerTest extends BrokerContract {

  private MemoryBroker shared;

  @Override
  Broker create(Vertx vertx) {
    if (shared == null) {
      shared = new MemoryBroker();
    }
    return new Broker() {
      @Override
      public io.vertx.core.Future<Void> publish(Event event) {
        return shared.publish(event);
      }

      @Override
      public io.vertx.core.Future<Subscription> subscribe(long companyId,
          java.util.function.Consumer<Event> handler) {
        return shared.subscribe(companyId, handler);
      }

      @Override
      public io.vertx.core.Future<java.util.Map<String, java.util.Map<String, Integer>>> census(
          String nodeId, java.util.Map<String, Integer> counts, java.time.Duration ttl) {
        return shared.census(nodeId, counts, ttl);
      }

      @Override
      public boolean connected() {
        return shared.connected();
      }

      @Override
      public void close() {
        shared.close();
      }
    };
  }
}

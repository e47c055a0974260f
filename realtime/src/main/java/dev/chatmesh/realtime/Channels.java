package dev.chatmesh.realtime;

import io.vertx.core.Future;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The channels of the companies that have streams or pollers on this node. A company's channel
 * is subscribed to the broker from its first user to its last; guarded by {@code this}.
 */
final class Channels {

  private final Broker broker;
  private final LongFunction<Channel> create;
  private final Map<Long, Entry> entries = new HashMap<>();

  Channels(Broker broker, LongFunction<Channel> create) {
    this.broker = broker;
    this.create = create;
  }

  /** The company's channel, subscribing it on first use; every call needs a {@link #release}. */
  synchronized Channel acquire(long companyId) {
    Entry entry = entries.get(companyId);
    if (entry == null) {
      Channel channel = create.apply(companyId);
      entry = new Entry(channel, broker.subscribe(companyId, channel::accept));
      entries.put(companyId, entry);
    }
    entry.users++;
    return entry.channel;
  }

  /** Gives a channel back; the last user's release unsubscribes it. */
  synchronized void release(Channel channel) {
    Entry entry = entries.get(channel.companyId());
    if (entry == null || entry.channel != channel || --entry.users > 0) {
      return;
    }
    entries.remove(channel.companyId());
    entry.subscription.onSuccess(Broker.Subscription::unsubscribe);
  }

  /** The company's channel when it has one on this node, else null. */
  synchronized Channel get(long companyId) {
    Entry entry = entries.get(companyId);
    return entry == null ? null : entry.channel;
  }

  synchronized List<Long> companyIds() {
    return List.copyOf(entries.keySet());
  }

  synchronized int size() {
    return entries.size();
  }

  /** A channel, how many streams and pollers use it, and its broker subscription. */
  private static final class Entry {
    final Channel channel;
    final Future<Broker.Subscription> subscription;
    int users;

    Entry(Channel channel, Future<Broker.Subscription> subscription) {
      this.channel = channel;
      this.subscription = subscription;
    }
  }
}

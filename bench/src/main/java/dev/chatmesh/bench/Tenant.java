package dev.chatmesh.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One company of the load: its id on the target, the credentials its streams and writers use,
 * and what was published to it. Built during setup; the publish counters are updated from the
 * writer's event loop and read by the streams' loops.
 */
final class Tenant {

  final int index;
  final String companyId;
  /** Bearer tokens of the company's benchmark members; streams take them in turn. */
  final List<String> tokens = new ArrayList<>();
  /** The company's publish key (ChatMesh) or null (the reference needs none). */
  String apiKey;
  /** Customers the REST writer updates: id and current version, one writer at a time each. */
  final List<long[]> customers = new ArrayList<>();
  /** Streams of this company. */
  int streams;
  /** The highest sequence acknowledged by a publish (an event id, or the tool's own counter). */
  final AtomicLong published = new AtomicLong(-1);
  /** The tool's own per-company counter, carried as {@code @s} in every payload. */
  long nextSeq = 1;
  /** The company's sequence at the end of the run; every stream must have reached it. */
  long finalSeq = -1;

  Tenant(int index, String companyId) {
    this.index = index;
    this.companyId = companyId;
  }

  /** Records that the event with sequence {@code seq} was accepted. */
  void acknowledged(long seq) {
    published.accumulateAndGet(seq, Math::max);
  }
}

package dev.chatmesh.bench;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;

import java.nio.file.Path;
import java.util.List;

/**
 * A server the scenarios run against: ChatMesh with its whole feature set, or the minimal
 * reference broadcaster. The two differ in how they start, how a company and its streams are
 * set up, and how an event is published; everything measured is the same.
 */
sealed interface Target permits ChatMeshTarget, ReferenceTarget {

  /** A short name for tables and files: {@code chatmesh} or {@code reference}. */
  String name();

  /** Starts the server as a child process on {@code port}, logging into {@code dir}. */
  ServerProcess start(Options options, int port, Path dir) throws Exception;

  /** The path that answers 200 once the server serves. */
  String readyPath();

  /**
   * Creates {@code companies} companies with {@code members} members each that streams may log
   * in as, and {@code customers} customers each for REST writes.
   */
  List<Tenant> setup(Api api, int companies, int members, int customers, Progress progress);

  /** The bytes of the GET that opens {@code stream}, resuming from its last id if asked. */
  ByteBuf streamRequest(Stream stream, boolean resume);

  /** Whether a stream counts as open at its 200 head (no {@code ready} event to wait for). */
  boolean readyOnHead();

  /**
   * Publishes {@code data} (JSON) to {@code tenant}, with the tool's sequence {@code seq};
   * completes with the sequence a stream will see for it.
   */
  Future<Long> publish(Api api, Tenant tenant, long seq, String data);

  /**
   * Makes one real change through the REST API whose event carries {@code marker}: here, a
   * customer update. Completes with the event's sequence if known, else -1.
   */
  Future<Long> update(Api api, Tenant tenant, long[] customer, long seq, String marker);

  /** The event type whose latency a REST run records, or null for every type. */
  String restEventType();

  /** The company's last sequence as the server sees it now. */
  Future<Long> head(Api api, Tenant tenant);
}

/**
 * The load tool ({@code ./chatmesh-bench}) and the reference broadcaster. {@link
 * dev.chatmesh.bench.Main} runs a named scenario against ChatMesh and the reference: a
 * {@code Runner} starts the server as a child process, sets companies up through the public
 * API, opens the streams of a {@code Fleet} and drives writes with a {@code Driver}, while a
 * {@code Sampler} records the timeline and phases; {@code Report} and {@code Html} write the
 * results.
 *
 * <p>Threading: each stream's connection and ledger live on one Netty event loop of the fleet;
 * writes are issued from one Vert.x event loop; counters shared between them are atomic or
 * {@code LongAdder}s, and latency goes into HdrHistogram recorders read only by the sampler's
 * thread. The main thread orchestrates and reads the ledgers after the loops have stopped.
 */
package dev.chatmesh.bench;

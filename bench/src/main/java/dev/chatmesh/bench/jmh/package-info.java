/**
 * JMH benchmarks of the realtime engine's hot path: frame encoding and the hub's fan-out into
 * null sinks (no sockets). Run with {@code ./chatmesh-bench jmh}. The benchmark thread
 * publishes and waits; the hub works on its own two event loops.
 */
package dev.chatmesh.bench.jmh;

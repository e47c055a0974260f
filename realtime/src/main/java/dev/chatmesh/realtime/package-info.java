/**
 * The realtime engine: company-scoped Server-Sent Event streams with durable, gap-free,
 * exactly-once resume. It knows nothing of the CRM; the application hands it committed
 * {@link dev.chatmesh.realtime.Event}s through a {@link dev.chatmesh.realtime.Broker} and
 * answers history reads through {@link dev.chatmesh.realtime.History}. It knows nothing of HTTP
 * either: a stream writes to a {@link dev.chatmesh.realtime.StreamSink}, and
 * {@link dev.chatmesh.realtime.VertxSink} is the one class that knows Vert.x's response and
 * internals. {@link dev.chatmesh.realtime.Wire} writes every JSON shape clients see.
 *
 * <p>Threading: every stream lives on the event loop of the HTTP verticle that accepted it,
 * and all of its state is touched only there. The hub groups streams per event loop
 * ({@code Shard}); a company's {@code Channel} orders events under its own short lock and hands
 * each shard one task per batch, never blocking or writing under a lock.
 * {@link dev.chatmesh.realtime.History} calls are blocking and always run on worker threads
 * ({@code HistoryReads}), completing back on the caller's event loop.
 */
package dev.chatmesh.realtime;

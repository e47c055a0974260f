/**
 * The realtime engine: company-scoped Server-Sent Event streams with durable, gap-free,
 * exactly-once resume. It knows nothing of the CRM; the application hands it committed
 * {@link dev.chatmesh.realtime.Event}s through a {@link dev.chatmesh.realtime.Broker} and
 * answers history reads through {@link dev.chatmesh.realtime.History}.
 *
 * <p>Threading: every stream lives on the event loop of the HTTP verticle that accepted it,
 * and all of its state is touched only there. The hub groups streams per event loop
 * ({@code Shard}); the fan-out hands each shard one task per batch of events and never
 * blocks or writes under a lock. {@link dev.chatmesh.realtime.History} calls are blocking
 * and always run on worker threads.
 */
package dev.chatmesh.realtime;

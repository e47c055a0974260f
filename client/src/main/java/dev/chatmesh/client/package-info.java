/**
 * A Java client for the ChatMesh event stream ({@code GET /api/events/stream}, SPEC §3):
 * a WHATWG-exact {@link dev.chatmesh.client.SseParser}, and {@link dev.chatmesh.client.SseClient},
 * which reconnects with {@code Last-Event-ID} and jittered {@link dev.chatmesh.client.Backoff},
 * drops connections that stay silent past the heartbeat timeout, and falls back to
 * long-polling {@code GET /api/events} when the stream keeps failing.
 *
 * <h2>Threading</h2>
 * <ul>
 *   <li>No thread per connection: bytes arrive on the {@link java.net.http.HttpClient}'s
 *       threads, which only hand them on; timers run on one shared scheduler thread, which
 *       also only hands tasks on.</li>
 *   <li>All of one client's work &mdash; parsing, state changes and every listener call &mdash;
 *       runs as tasks on the client's callback executor (default: shared virtual threads),
 *       <em>one task at a time, in order</em>. Listeners of one client therefore never run
 *       concurrently with each other, see events in stream order, and see a state change
 *       after the events that preceded it. Listeners of different clients may run in parallel.</li>
 *   <li>A slow listener slows only its own client: the next chunk of the body is requested
 *       only when the previous one has been dispatched (TCP back-pressure), and the heartbeat
 *       watchdog does not count that time as silence.</li>
 *   <li>A listener that throws is logged ({@link java.lang.System.Logger}) and the others
 *       still run. Listeners may call {@link dev.chatmesh.client.SseClient#close()}.</li>
 *   <li>{@link dev.chatmesh.client.SseClient#connect()}, {@code close()}, {@code state()} and
 *       {@code lastEventId()} may be called from any thread.
 *       {@link dev.chatmesh.client.SseParser} and the builder are not thread-safe.</li>
 * </ul>
 */
package dev.chatmesh.client;

/**
 * The realtime API of the application: the SSE stream and long-poll endpoints (which hand the
 * realtime engine an authenticated, company-scoped request), per-company statistics, company
 * API keys ({@link dev.chatmesh.server.events.ApiKeys}) and the publish endpoint
 * ({@link dev.chatmesh.server.events.Publish}) through which other backends add their own
 * events.
 *
 * <p>Threading: the stream is opened on the request's event loop after the blocking
 * membership check; key lookups and publishing run on worker threads.
 */
package dev.chatmesh.server.events;

/**
 * HTTP plumbing shared by every feature: problem+json errors, request validation, query
 * parameters, and running blocking work (JDBC, password hashing) off the event loop. JSON itself
 * lives in {@code dev.chatmesh.server.json}, so the store does not depend on HTTP.
 *
 * <p>Threading: handlers start on an event loop; {@link dev.chatmesh.server.http.Blocking}
 * moves their work to a worker thread and answers back on the request's own context.
 */
package dev.chatmesh.server.http;

/**
 * HTTP plumbing shared by every feature: problem+json errors, request validation, JSON
 * writing, and running blocking work (JDBC, password hashing) off the event loop.
 *
 * <p>Threading: handlers start on an event loop; {@link dev.chatmesh.server.http.Blocking}
 * moves their work to a worker thread and answers back on the request's own context.
 */
package dev.chatmesh.server.http;

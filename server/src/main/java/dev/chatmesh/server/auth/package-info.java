/**
 * Who is asking: accounts, password hashing (Argon2id), signed session tokens, the per-request
 * check of session and company membership, and the signup/login/logout routes. The request
 * identity ({@link dev.chatmesh.server.auth.Member}, {@link dev.chatmesh.server.auth.Principal})
 * is what the feature packages import from here; this package imports none of them: signup is
 * handed the CRM's "make the first admin" step when {@code App} wires the routes.
 *
 * <p>Threading: hashing and every database check run on worker threads.
 */
package dev.chatmesh.server.auth;

/**
 * Who is asking: accounts, password hashing (Argon2id), signed session tokens, the per-request
 * check of session and company membership, and the signup/login/logout routes.
 *
 * <p>Threading: hashing and every database check run on worker threads.
 */
package dev.chatmesh.server.auth;

/**
 * JSON for the whole server: the one shared Jackson mapper and the API's timestamp format. A
 * leaf: it imports no other ChatMesh package, so the store, HTTP and feature packages can all
 * use it without depending on one another.
 *
 * <p>Threading: everything here is immutable and safe to use from any thread.
 */
package dev.chatmesh.server.json;

/**
 * SQL storage: the connection pool, the migrations, the unit of change (one transaction that
 * writes a row, its activity line and its events), the durable event history and retention.
 * One schema serves SQLite (embedded default) and PostgreSQL.
 *
 * <p>Threading: every method here blocks; call it from a worker thread, never an event loop.
 */
package dev.chatmesh.server.store;

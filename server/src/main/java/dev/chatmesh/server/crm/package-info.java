/**
 * The CRM: employees (memberships, including the first admin a signup creates), customers,
 * notes, the activity feed and notifications.
 * Every write is one {@link dev.chatmesh.server.store.Change}: the row, its activity line and
 * its events commit together, and every query is scoped to the caller's company.
 *
 * <p>Threading: route handlers parse and validate on the event loop, then run SQL through
 * {@link dev.chatmesh.server.http.Blocking}.
 */
package dev.chatmesh.server.crm;

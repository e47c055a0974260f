/**
 * Event names of the realtime stream (SPEC §3).
 *
 * Events are named SSE events, so EventSource needs one listener per name:
 * the client always listens for these, plus any custom type a view subscribes to.
 */

/**
 * The SPEC §3 event catalog: delivered to subscribers. It must list exactly the server's
 * `Catalog` enum (server/.../store/Catalog.java); CatalogTest fails on any drift.
 */
export const CATALOG_TYPES = Object.freeze([
  'customer_created', 'customer_updated', 'customer_deleted',
  'employee_created', 'employee_updated', 'employee_deleted',
  'invitation_created', 'invitation_updated',
  'note_created', 'note_updated', 'note_deleted',
  'channel_created', 'channel_updated', 'channel_deleted',
  'conversation_created', 'conversation_updated',
  'message_received', 'message_sent', 'message_updated',
  'activity_created',
  'notification_created', 'notification_deleted',
]);

/**
 * Control events: handled by the client itself, never delivered to subscribers.
 * `ping` only exists on the wire when the stream URL carries `ping=event`.
 */
export const CONTROL_TYPES = Object.freeze(['ready', 'reset', 'revoked', 'ping']);

/** True when `type` is a control event name. */
export function isControlType(type) {
  return CONTROL_TYPES.includes(type);
}

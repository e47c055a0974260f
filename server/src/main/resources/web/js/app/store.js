/**
 * The company's data as this tab knows it: loaded by GETs, kept current by
 * realtime envelopes and by our own requests' answers. Applying is idempotent —
 * an older version never replaces a newer one, a deleted id never comes back —
 * so the same change arriving from a response, the stream and a reload is harmless.
 *
 * Views listen by topic: 'customers', 'employees', 'invitations', 'notes', 'activities',
 * 'notifications';
 * the inbox's conversations, threads and channels are `store.inbox` (inbox-store.js).
 */
import { isNewer } from '../realtime/client.js';
import { Listeners } from '../realtime/listeners.js';
import { InboxStore } from './inbox-store.js';

const ACTIVITY_LIMIT = 200;

export class Store {
  customers = new Map();
  employees = new Map();
  notes = new Map();
  notifications = new Map();
  /** The company's pending invitations; one that ended (accepted, declined, withdrawn) leaves. */
  invitations = new Map();
  /** Newest first. */
  activities = [];
  /** Customers whose notes were loaded. */
  notesLoaded = new Set();
  customersTotal = 0;
  inbox = new InboxStore();
  #deleted = { customer: new Set(), employee: new Set(), note: new Set(), notification: new Set(),
    invitation: new Set() };
  #listeners = new Map();

  /** Forgets everything (the history was truncated: the lists are reloaded next). */
  clear() {
    for (const map of [this.customers, this.employees, this.notes, this.notifications, this.invitations]) map.clear();
    for (const set of Object.values(this.#deleted)) set.clear();
    this.activities = [];
    this.notesLoaded.clear();
    this.customersTotal = 0;
    this.inbox.clear();
    for (const topic of this.#listeners.keys()) this.#emit(topic, { cleared: true });
  }

  /**
   * @param {string} topic
   * @param {(detail: object) => void} callback
   * @returns {() => void} unsubscribe
   */
  on(topic, callback) {
    if (!this.#listeners.has(topic)) this.#listeners.set(topic, new Listeners());
    return this.#listeners.get(topic).add(callback);
  }

  #emit(topic, detail = {}) {
    this.#listeners.get(topic)?.emit(detail);
  }

  /** Merges loaded customers: a list with its `total`, or one GET or answer without. */
  putCustomers(items, total = null) {
    for (const c of items) this.#putCustomer(c);
    if (total !== null) this.customersTotal = Math.max(total, this.customers.size);
    this.#emit('customers', {});
  }

  #putCustomer(c) {
    const known = this.customers.has(String(c?.id));
    const changed = this.#put('customer', this.customers, c);
    if (changed && !known) this.customersTotal++;
    if (changed) this.inbox.patchCustomer(c);
    return changed;
  }

  putEmployees(items) {
    let patched = false;
    for (const e of items) if (this.#put('employee', this.employees, e)) patched = this.#patchEmbedded(e) || patched;
    this.#emit('employees', {});
    if (patched) {
      this.#emit('customers', {});
      this.#emit('notes', {});
    }
  }

  putNotes(customerId, items) {
    this.notesLoaded.add(String(customerId));
    for (const n of items) this.#put('note', this.notes, n);
    this.#emit('notes', { customerId: String(customerId) });
  }

  putActivities(items) {
    for (const a of items) this.#addActivity(a);
    this.#emit('activities', {});
  }

  putInvitations(items) {
    for (const i of items) this.#applyInvitation(i);
    this.#emit('invitations', {});
  }

  putNotifications(items) {
    for (const n of items) this.#put('notification', this.notifications, n);
    this.#emit('notifications', {});
  }

  /** The customer's notes, pinned first, newest first. */
  notesOf(customerId) {
    const id = String(customerId);
    return [...this.notes.values()].filter((n) => String(n.customerId) === id)
      .sort((a, b) => (b.pinned - a.pinned) || (b.id - a.id));
  }

  /** Applies one realtime envelope `{id, type, data}`. */
  apply({ type, data }) {
    if (!data || typeof data !== 'object') return;
    if (this.inbox.apply({ type, data })) return;
    const [entity, action] = splitType(type);
    switch (entity) {
      case 'customer': return this.#applyCustomer(action, data);
      case 'employee': return this.#applyEmployee(action, data);
      case 'note': return this.#applyNote(action, data);
      case 'invitation':
        if (this.#applyInvitation(data)) this.#emit('invitations', { id: String(data.id) });
        return;
      case 'activity':
        if (this.#addActivity(data)) this.#emit('activities', { added: data });
        return;
      case 'notification':
        if (action === 'deleted') this.#remove('notification', this.notifications, data.id);
        else if (!this.#put('notification', this.notifications, data)) return;
        this.#emit('notifications', action === 'created' ? { added: data } : {});
        return;
      default:
    }
  }

  #applyCustomer(action, data) {
    if (action === 'deleted') {
      if (!this.#remove('customer', this.customers, data.id)) return;
      this.customersTotal = Math.max(0, this.customersTotal - 1);
      for (const note of this.notesOf(data.id)) this.#remove('note', this.notes, note.id);
      this.#emit('customers', { id: String(data.id), deleted: true });
      this.#emit('notes', { customerId: String(data.id) });
      return;
    }
    if (this.#putCustomer(data)) this.#emit('customers', { id: String(data.id) });
  }

  #applyEmployee(action, data) {
    if (action === 'deleted') {
      if (this.#remove('employee', this.employees, data.id)) this.#emit('employees', { id: String(data.id) });
      return;
    }
    if (!this.#put('employee', this.employees, data)) return;
    const patched = this.#patchEmbedded(data);
    this.#emit('employees', { id: String(data.id) });
    if (patched) {
      this.#emit('customers', {});
      this.#emit('notes', {});
    }
  }

  /** Customers and notes embed whole employees: replaces every copy of this one; true if any. */
  #patchEmbedded(employee) {
    const id = String(employee.id);
    let any = false;
    this.inbox.patchEmployee(employee);
    for (const [key, c] of this.customers) {
      if (String(c.assignedEmployeeId) === id) {
        this.customers.set(key, { ...c, assignedEmployee: employee });
        any = true;
      }
    }
    for (const [key, n] of this.notes) {
      if (String(n.authorId) === id) {
        this.notes.set(key, { ...n, author: employee });
        any = true;
      }
    }
    return any;
  }

  /** Keeps a pending invitation; an ended one is removed for good. True when it changed. */
  #applyInvitation(invitation) {
    if (invitation?.id == null) return false;
    if (invitation.status !== 'pending') return this.#remove('invitation', this.invitations, invitation.id);
    return this.#put('invitation', this.invitations, invitation);
  }

  #applyNote(action, data) {
    const customerId = String(data.customerId ?? this.notes.get(String(data.id))?.customerId ?? '');
    if (action === 'deleted') {
      if (this.#remove('note', this.notes, data.id)) this.#emit('notes', { customerId, id: String(data.id) });
      return;
    }
    if (this.#put('note', this.notes, data)) this.#emit('notes', { customerId, id: String(data.id) });
  }

  /** Stores `item` unless deleted or not newer; true when it changed. */
  #put(kind, map, item) {
    if (item?.id == null) return false;
    const id = String(item.id);
    if (this.#deleted[kind].has(id)) return false;
    // Unversioned things (notifications) never change: a copy we hold is the same one again.
    if (item.version == null && map.has(id)) return false;
    if (!isNewer(map.get(id), item)) return false;
    map.set(id, item);
    return true;
  }

  #remove(kind, map, rawId) {
    const id = String(rawId);
    this.#deleted[kind].add(id);
    return map.delete(id);
  }

  /** Our own delete succeeded: drop it now instead of waiting for the event. */
  removeLocally(kind, rawId) {
    const map = { customer: this.customers, employee: this.employees, note: this.notes,
      notification: this.notifications, invitation: this.invitations }[kind];
    const note = kind === 'note' ? this.notes.get(String(rawId)) : null;
    if (kind === 'customer') this.#applyCustomer('deleted', { id: rawId });
    else if (this.#remove(kind, map, rawId)) {
      this.#emit(`${kind}s`, { id: String(rawId), customerId: note ? String(note.customerId) : undefined });
    }
  }

  #addActivity(activity) {
    if (activity?.id == null || this.activities.some((a) => String(a.id) === String(activity.id))) return false;
    this.activities.push(activity);
    this.activities.sort((a, b) => b.id - a.id);
    if (this.activities.length > ACTIVITY_LIMIT) this.activities.length = ACTIVITY_LIMIT;
    return true;
  }
}

/** 'customer_updated' → ['customer', 'updated']. */
function splitType(type) {
  const at = String(type).lastIndexOf('_');
  return at < 0 ? [type, ''] : [type.slice(0, at), type.slice(at + 1)];
}

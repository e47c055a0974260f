import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../main/resources/web/js/app/store.js';

const bob = { id: 5, name: 'Bob', title: 'Support', version: 1 };
const customer = (over = {}) => ({ id: 10, name: 'Linh', assignedEmployeeId: 5, assignedEmployee: bob, version: 1, ...over });
const note = (over = {}) => ({ id: 70, customerId: 10, authorId: 5, author: bob, body: 'hi', pinned: false, version: 1, ...over });
const env = (type, data) => ({ id: '1', type, data });

function watched() {
  const store = new Store();
  const seen = [];
  for (const topic of ['customers', 'employees', 'notes', 'activities', 'notifications']) {
    store.on(topic, (detail) => seen.push([topic, detail]));
  }
  return { store, seen };
}

test('the same change from the answer, the stream and a reload is applied once', () => {
  const { store, seen } = watched();
  store.putCustomers([customer()], 1);
  seen.length = 0;
  store.apply(env('customer_created', customer()));
  store.apply(env('customer_updated', customer()));
  assert.deepEqual(seen, []);
  assert.equal(store.customersTotal, 1);
});

test('an older version never replaces a newer one', () => {
  const { store } = watched();
  store.apply(env('customer_updated', customer({ name: 'New', version: 3 })));
  store.putCustomers([customer({ name: 'Old', version: 2 })]);
  assert.equal(store.customers.get('10').name, 'New');
});

test('a deleted customer never comes back, and its notes go with it', () => {
  const { store, seen } = watched();
  store.putCustomers([customer()], 1);
  store.putNotes(10, [note(), note({ id: 71 })]);
  store.putNotes(11, [note({ id: 72, customerId: 11 })]);
  seen.length = 0;
  store.apply(env('customer_deleted', { id: 10 }));
  assert.equal(store.customers.size, 0);
  assert.deepEqual([...store.notes.keys()], ['72']);
  assert.deepEqual(seen.map(([topic]) => topic), ['customers', 'notes']);
  store.putCustomers([customer({ version: 9 })]);
  store.apply(env('customer_updated', customer({ version: 10 })));
  assert.equal(store.customers.size, 0, 'a late GET or event does not resurrect it');
  assert.equal(store.customersTotal, 0);
});

test('employee_updated patches every embedded copy of that employee', () => {
  const { store, seen } = watched();
  store.putEmployees([bob]);
  store.putCustomers([customer(), customer({ id: 11, assignedEmployeeId: null, assignedEmployee: null })], 2);
  store.putNotes(10, [note()]);
  seen.length = 0;
  const promoted = { ...bob, title: 'Team lead', version: 2 };
  store.apply(env('employee_updated', promoted));
  assert.equal(store.customers.get('10').assignedEmployee.title, 'Team lead');
  assert.equal(store.customers.get('11').assignedEmployee, null);
  assert.equal(store.notes.get('70').author.title, 'Team lead');
  assert.equal(store.customers.get('10').version, 1, 'the customer itself did not change');
  assert.deepEqual(seen.map(([topic]) => topic), ['employees', 'customers', 'notes']);
});

test('notes are listed per customer, pinned first, then newest first', () => {
  const { store } = watched();
  store.apply(env('note_created', note({ id: 1 })));
  store.apply(env('note_created', note({ id: 2, pinned: true })));
  store.apply(env('note_created', note({ id: 3 })));
  store.apply(env('note_created', note({ id: 4, customerId: 99 })));
  assert.deepEqual(store.notesOf(10).map((n) => n.id), [2, 3, 1]);
  store.apply(env('note_deleted', { id: 3, customerId: 10 }));
  assert.deepEqual(store.notesOf('10').map((n) => n.id), [2, 1]);
});

test('activities are kept once each, newest first, and announced when new', () => {
  const { store, seen } = watched();
  store.putActivities([{ id: 2, description: 'b' }, { id: 1, description: 'a' }]);
  seen.length = 0;
  store.apply(env('activity_created', { id: 3, description: 'c' }));
  store.apply(env('activity_created', { id: 3, description: 'c' }));
  assert.deepEqual(store.activities.map((a) => a.id), [3, 2, 1]);
  assert.deepEqual(seen, [['activities', { added: { id: 3, description: 'c' } }]]);
});

test('notifications: created ones are announced, deleted ones removed', () => {
  const { store, seen } = watched();
  const urgent = { id: 8, kind: 'urgent', title: 'Call back' };
  store.apply(env('notification_created', urgent));
  store.apply(env('notification_created', urgent));
  store.apply(env('notification_deleted', { id: 8 }));
  assert.equal(store.notifications.size, 0);
  assert.deepEqual(seen, [['notifications', { added: urgent }], ['notifications', {}]]);
});

test('clear forgets data and deletions and tells every view', () => {
  const { store, seen } = watched();
  store.putCustomers([customer()], 1);
  store.apply(env('customer_deleted', { id: 10 }));
  seen.length = 0;
  store.clear();
  assert.equal(seen.length, 5);
  store.putCustomers([customer()], 1);
  assert.equal(store.customers.size, 1, 'after a reset the reloaded lists are the truth');
});

test('invitations: pending ones are kept, an ended one leaves and a late copy does not bring it back', () => {
  const store = new Store();
  const seen = [];
  store.on('invitations', (detail) => seen.push(detail));
  const pending = { id: 3, email: 'new@x.test', status: 'pending' };
  store.apply(env('invitation_created', pending));
  store.putInvitations([pending]);
  assert.deepEqual([...store.invitations.keys()], ['3']);
  store.apply(env('invitation_updated', { ...pending, status: 'accepted' }));
  assert.equal(store.invitations.size, 0);
  store.putInvitations([pending]);
  assert.equal(store.invitations.size, 0);
  assert.deepEqual(seen.filter((d) => d.id).map((d) => d.id), ['3', '3']);
});

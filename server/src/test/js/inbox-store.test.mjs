import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InboxStore, compareConversations, matchesFilter } from '../../main/resources/web/js/app/inbox-store.js';
import { Store } from '../../main/resources/web/js/app/store.js';

const conv = (over = {}) => ({ id: 1, customerId: 10, customer: { id: 10, name: 'Linh' }, status: 'open',
  assigneeId: null, unreadCount: 0, lastMessageAt: '2026-01-01T10:00:00.000Z', createdAt: '2026-01-01T09:00:00.000Z',
  lastMessagePreview: 'Hi', version: 1, ...over });
const msg = (over = {}) => ({ id: 100, conversationId: 1, sender: 'customer', content: 'Hi', version: 1, ...over });
const env = (type, data) => ({ id: '1', type, data });

function watched() {
  const inbox = new InboxStore();
  const seen = [];
  for (const topic of ['conversations', 'messages', 'channels']) inbox.on(topic, (d) => seen.push([topic, d]));
  return { inbox, seen };
}

test('conversations are listed newest activity first, and a new message moves its thread to the top', () => {
  const { inbox } = watched();
  inbox.putConversations([conv({ id: 1, lastMessageAt: '2026-01-01T10:00:00.000Z' }),
    conv({ id: 2, lastMessageAt: '2026-01-01T11:00:00.000Z' }), conv({ id: 3, lastMessageAt: null })], 3);
  assert.deepEqual(inbox.list().map((c) => c.id), [2, 1, 3]);
  inbox.apply(env('conversation_updated', conv({ id: 1, lastMessageAt: '2026-01-01T12:00:00.000Z', version: 2 })));
  assert.deepEqual(inbox.list().map((c) => c.id), [1, 2, 3]);
});

test('equal activity times fall back to the higher id, as the server orders them', () => {
  const a = conv({ id: 4 });
  const b = conv({ id: 9 });
  assert.deepEqual([a, b].sort(compareConversations).map((c) => c.id), [9, 4]);
});

test('filters: mine, unassigned, status and a search on the customer or the preview', () => {
  const mine = conv({ id: 1, assigneeId: 5 });
  const free = conv({ id: 2, assigneeId: null, status: 'pending', lastMessagePreview: 'Where is my order?' });
  assert.equal(matchesFilter(mine, { view: 'mine', me: '5' }), true);
  assert.equal(matchesFilter(free, { view: 'mine', me: '5' }), false);
  assert.equal(matchesFilter(free, { view: 'unassigned' }), true);
  assert.equal(matchesFilter(mine, { view: 'unassigned' }), false);
  assert.equal(matchesFilter(free, { status: 'open' }), false);
  assert.equal(matchesFilter(free, { q: 'ORDER' }), true);
  assert.equal(matchesFilter(mine, { q: 'linh' }), true);
  assert.equal(matchesFilter(mine, { q: 'nobody' }), false);
});

test('the same conversation from a list, an answer and the stream is applied once; older versions never win', () => {
  const { inbox, seen } = watched();
  inbox.putConversations([conv({ version: 2, unreadCount: 3 })], 1);
  seen.length = 0;
  inbox.apply(env('conversation_updated', conv({ version: 2, unreadCount: 3 })));
  inbox.apply(env('conversation_created', conv({ version: 1, unreadCount: 0 })));
  inbox.putConversations([conv({ version: 1 })]);
  assert.deepEqual(seen, []);
  assert.equal(inbox.conversations.get('1').unreadCount, 3);
  assert.equal(inbox.conversationsTotal, 1);
});

test('unread total sums the conversations', () => {
  const { inbox } = watched();
  inbox.putConversations([conv({ id: 1, unreadCount: 2 }), conv({ id: 2, unreadCount: 1 })], 2);
  assert.equal(inbox.unreadTotal(), 3);
  inbox.apply(env('conversation_updated', conv({ id: 1, unreadCount: 0, version: 2 })));
  assert.equal(inbox.unreadTotal(), 1);
});

test('thread pages merge oldest first; the older page decides whether more exist', () => {
  const { inbox } = watched();
  inbox.putPage(1, { items: [msg({ id: 105 }), msg({ id: 104 }), msg({ id: 103 })], hasMore: true });
  let t = inbox.thread(1);
  assert.deepEqual(t.messages.map((m) => m.id), [103, 104, 105]);
  assert.equal(t.hasMore, true);
  assert.equal(t.oldestId, 103);
  inbox.putPage(1, { items: [msg({ id: 102 }), msg({ id: 101 })], hasMore: false }, { older: true });
  t = inbox.thread(1);
  assert.deepEqual(t.messages.map((m) => m.id), [101, 102, 103, 104, 105]);
  assert.equal(t.hasMore, false);
  // a reload of the newest page (after a reset) does not claim older pages again
  inbox.putPage(1, { items: [msg({ id: 105 }), msg({ id: 104 })], hasMore: true });
  assert.equal(inbox.thread(1).hasMore, false);
  assert.equal(inbox.thread(1).messages.length, 5);
});

test('a live message arriving before the first page merges with it', () => {
  const { inbox } = watched();
  inbox.apply(env('message_received', msg({ id: 106 })));
  assert.equal(inbox.thread(1).loaded, false);
  inbox.putPage(1, { items: [msg({ id: 106 }), msg({ id: 105 })], hasMore: false });
  assert.deepEqual(inbox.thread(1).messages.map((m) => m.id), [105, 106]);
  assert.equal(inbox.thread(1).loaded, true);
});

test('a reply from our answer and its message_sent event is one message; delivery updates replace it by version', () => {
  const { inbox, seen } = watched();
  const reply = msg({ id: 200, sender: 'agent', deliveryStatus: 'pending', version: 1 });
  inbox.putMessage(reply);
  inbox.apply(env('message_sent', reply));
  assert.deepEqual(seen.map(([, d]) => [d.id, d.added]), [['200', true]]);
  inbox.apply(env('message_updated', { ...reply, deliveryStatus: 'failed', deliveryError: 'No', version: 3 }));
  inbox.apply(env('message_updated', { ...reply, deliveryStatus: 'sent', version: 2 })); // late, older
  const [m] = inbox.thread(1).messages;
  assert.equal(m.deliveryStatus, 'failed');
  assert.equal(seen.at(-1)[1].added, false);
});

test('the app store hands inbox events to the inbox and patches embedded customers and employees', () => {
  const store = new Store();
  store.apply(env('conversation_created', conv({ assigneeId: 5, assignee: { id: 5, name: 'Bob', version: 1 } })));
  store.apply(env('message_sent', msg({ id: 300, sender: 'agent', authorId: 5, author: { id: 5, name: 'Bob', version: 1 } })));
  store.apply(env('customer_updated', { id: 10, name: 'Linh Tran', version: 2 }));
  store.apply(env('employee_updated', { id: 5, name: 'Robert', version: 2 }));
  const c = store.inbox.conversations.get('1');
  assert.equal(c.customer.name, 'Linh Tran');
  assert.equal(c.assignee.name, 'Robert');
  assert.equal(store.inbox.thread(1).messages[0].author.name, 'Robert');
  assert.equal(store.customers.size, 1);
});

test('a deleted channel does not come back from a late update', () => {
  const { inbox } = watched();
  inbox.apply(env('channel_created', { id: 7, name: 'Page', version: 1 }));
  inbox.apply(env('channel_deleted', { id: 7 }));
  inbox.apply(env('channel_updated', { id: 7, name: 'Page', version: 2 }));
  assert.equal(inbox.channels.size, 0);
});

test('a removed channel, or one that can no longer send, makes its conversations unrepliable', () => {
  const { inbox } = watched();
  inbox.putConversations([conv({ id: 1, channelId: 7, canReply: true }), conv({ id: 2, channelId: 8, canReply: true })], 2);
  inbox.apply(env('channel_updated', { id: 8, canSend: false, version: 2 }));
  assert.equal(inbox.conversations.get('2').canReply, false);
  inbox.apply(env('channel_deleted', { id: 7 }));
  assert.equal(inbox.conversations.get('1').canReply, false);
  assert.equal(inbox.conversations.get('1').version, 1, 'the conversation itself did not change');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RealtimeClient } from '../../main/resources/web/js/realtime/client.js';
import { FakeChannelHub, FakeClock, FakeLockManager, fakeEventSources, fakeFetch, settle } from './fakes.mjs';

/** One browser: shared locks and channels, a stream list tagged by tab, and tab death. */
function browser() {
  const clock = new FakeClock();
  const locks = new FakeLockManager();
  const hub = new FakeChannelHub();
  const net = fakeFetch();
  const streams = [];
  return {
    clock, locks, streams,
    open(tab, options = {}) {
      const es = fakeEventSources(tab, streams);
      const client = new RealtimeClient({
        companyId: 7, EventSourceImpl: es.EventSource, fetchImpl: net.fetchImpl, clock, random: () => 0.5,
        locks: locks.forTab(tab), BroadcastChannelImpl: hub.forTab(tab), window: null, ...options,
      });
      const received = [];
      client.subscribe('*', (e) => received.push(e.id));
      return { client, received, stream: () => streams.filter((s) => s.tab === tab).at(-1) };
    },
    /** What closing a tab does: the browser frees its lock, its channel and its connections. */
    kill(tab) {
      locks.closeTab(tab);
      hub.closeTab(tab);
      for (const s of streams) if (s.tab === tab) s.close();
    },
    openStreams: () => streams.filter((s) => !s.closed),
  };
}

async function twoTabs() {
  const b = browser();
  const a = b.open('A');
  a.client.connect();
  await settle();
  const f = b.open('B');
  f.client.connect();
  await settle();
  return { b, a, f };
}

test('only the leader tab opens a stream', async () => {
  const { b, a, f } = await twoTabs();
  assert.equal(b.streams.length, 1);
  assert.equal(b.streams[0].tab, 'A');
  assert.equal(b.locks.holder('chatmesh-realtime-7'), 'A');
  assert.equal(a.client.getStats().isLeader, true);
  assert.equal(f.client.getStats().isLeader, false);
  assert.equal(f.client.getState(), 'connecting');
});

test('followers deliver the leader\'s events and mirror its state', async () => {
  const { a, f } = await twoTabs();
  a.stream().ready('40');
  a.stream().send(41);
  a.stream().send(42, 'message_received', { id: 3, content: 'hi' });
  await settle();
  assert.deepEqual(f.received, ['41', '42']);
  assert.equal(f.client.getState(), 'live');
  const stats = f.client.getStats();
  assert.equal(stats.transport, 'sse');
  assert.equal(stats.lastEventId, '42');
  assert.equal(stats.eventsReceived, 2);
  assert.equal(stats.isLeader, false);
});

test('a follower\'s custom subscription makes the leader listen for that type', async () => {
  const { a, f } = await twoTabs();
  a.stream().ready('1');
  const got = [];
  f.client.subscribe('invoice.paid', (e) => got.push(e.data.amount));
  await settle();
  assert.ok(a.stream().listensTo('invoice.paid'));
  a.stream().send(2, 'invoice.paid', { amount: 12 });
  await settle();
  assert.deepEqual(got, [12]);
});

test('when the leader tab closes, a follower takes over and resumes from the last id it saw', async () => {
  const { b, a, f } = await twoTabs();
  const c = b.open('C');
  c.client.connect();
  await settle();
  a.stream().ready('40');
  a.stream().send(41);
  a.stream().send(42);
  await settle();
  b.kill('A');
  await settle();
  assert.equal(f.client.getStats().isLeader, true);
  assert.equal(c.client.getStats().isLeader, false);
  assert.equal(b.openStreams().length, 1);
  assert.equal(f.stream().query('lastEventId'), '42');
  f.stream().ready('42');
  f.stream().send(43);
  await settle();
  assert.deepEqual(c.received, ['41', '42', '43']);
  assert.equal(c.client.getState(), 'live');
});

test('a leader that disconnects hands the stream to another tab', async () => {
  const { b, a, f } = await twoTabs();
  a.stream().ready('7');
  await settle();
  a.client.disconnect();
  await settle();
  assert.equal(a.client.getState(), 'idle');
  assert.equal(f.client.getStats().isLeader, true);
  assert.equal(b.openStreams().length, 1);
  assert.equal(f.stream().query('lastEventId'), '7');
});

test('a tab that joins late learns the last id from the leader', async () => {
  const b = browser();
  const a = b.open('A');
  a.client.connect();
  await settle();
  a.stream().ready('49');
  a.stream().send(50);
  const late = b.open('B');
  late.client.connect();
  await settle();
  assert.equal(late.client.getStats().lastEventId, '50');
  assert.equal(late.client.getState(), 'live');
  b.kill('A');
  await settle();
  assert.equal(late.stream().query('lastEventId'), '50');
});

test('a reset heard from the leader reaches the follower\'s onReset', async () => {
  const { a, f } = await twoTabs();
  const resets = [];
  f.client.onReset((d) => resets.push(d));
  a.stream().ready('100');
  a.stream().emit('reset', { reason: 'history_truncated', headId: '60' });
  await settle();
  assert.deepEqual(resets, [{ reason: 'history_truncated', headId: '60' }]);
  assert.equal(f.client.getStats().lastEventId, '60');
});

test('reconnect() in a follower makes the leader reconnect', async () => {
  const { b, a, f } = await twoTabs();
  a.stream().ready('5');
  f.client.reconnect();
  await settle();
  assert.equal(b.streams.length, 2);
  assert.equal(b.openStreams().length, 1);
  assert.equal(b.streams[1].tab, 'A');
});

test('without Web Locks or BroadcastChannel every tab connects by itself', async () => {
  const b = browser();
  const a = b.open('A', { locks: null });
  const c = b.open('B', { BroadcastChannelImpl: null });
  a.client.connect();
  c.client.connect();
  await settle();
  assert.equal(b.openStreams().length, 2);
  assert.equal(a.client.getStats().isLeader, true);
  assert.equal(c.client.getStats().isLeader, true);
});

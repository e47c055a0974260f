import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RealtimeClient } from '../../main/resources/web/js/realtime/client.js';
import { CATALOG_TYPES } from '../../main/resources/web/js/realtime/catalog.js';
import { FakeClock, envelope, fakeEventSources, fakeFetch, settle } from './fakes.mjs';

function setup(options = {}) {
  const clock = new FakeClock();
  const es = fakeEventSources();
  const net = fakeFetch();
  const client = new RealtimeClient({
    companyId: 7, EventSourceImpl: es.EventSource, fetchImpl: net.fetchImpl, clock,
    random: () => 0.5, locks: null, BroadcastChannelImpl: null, window: null, document: null, reachProbeMs: null, ...options,
  });
  const states = [];
  const received = [];
  client.onStateChange((state) => states.push(state));
  client.subscribe('*', (e) => received.push(e.id));
  return { clock, es, net, client, states, received };
}

/** Fails the current stream `n` times, letting each backoff run out. */
function failTimes(ctx, n) {
  for (let i = 0; i < n; i++) {
    ctx.es.last.fail();
    ctx.clock.advance(30_000);
  }
}

async function goPolling(ctx) {
  ctx.client.connect();
  ctx.es.last.ready('41');
  failTimes(ctx, 2);
  ctx.es.last.fail();
  await settle();
  assert.equal(ctx.client.getState(), 'polling');
}

test('connects with company, topics and ping=event, and goes live on ready', () => {
  const { client, es, clock, states } = setup({ baseUrl: 'https://crm.test', topics: ['customers', 'notes'] });
  assert.equal(client.getState(), 'idle');
  clock.advance(5_000);
  client.connect();
  assert.equal(es.instances.length, 1);
  assert.equal(es.last.url, 'https://crm.test/api/events/stream?company=7&topics=customers,notes&ping=event');
  assert.equal(client.getState(), 'connecting');
  es.last.ready('40');
  assert.deepEqual(states, ['connecting', 'live']);
  assert.deepEqual(client.getStats(), {
    state: 'live', transport: 'sse', lastEventId: '40', reconnects: 0, eventsReceived: 0,
    lastEventAt: null, connectedSince: 5_000, nextRetryAt: null, isLeader: true,
  });
});

test('listens for every catalog and control event by name and delivers parsed envelopes', () => {
  const { client, es, clock } = setup();
  const updates = [];
  const deletes = [];
  client.subscribe('customer_updated', (e) => updates.push(e));
  client.subscribe('customer_deleted', (e) => deletes.push(e));
  client.connect();
  for (const type of [...CATALOG_TYPES, 'ready', 'reset', 'revoked', 'ping']) {
    assert.ok(es.last.listensTo(type), type);
  }
  es.last.ready('1');
  clock.advance(1_000);
  es.last.send(2, 'customer_updated', { id: 9, name: 'Ann', version: 3 });
  assert.deepEqual(updates, [envelope(2, 'customer_updated', { id: 9, name: 'Ann', version: 3 })]);
  assert.deepEqual(deletes, []);
  assert.equal(client.getStats().eventsReceived, 1);
  assert.equal(client.getStats().lastEventAt, 1_000);
});

test('a custom type subscribed while live is listened for now and on later streams', () => {
  const { client, es, clock } = setup();
  const got = [];
  client.connect();
  es.last.ready('1');
  client.subscribe('invoice.paid', (e) => got.push(e.data));
  es.last.send(2, 'invoice.paid', { amount: 5 });
  assert.deepEqual(got, [{ amount: 5 }]);
  es.last.fail();
  clock.advance(1_000);
  assert.ok(es.last.listensTo('invoice.paid'));
});

test('events whose id is not above the last applied one are dropped', () => {
  const { client, es, received } = setup();
  client.connect();
  es.last.ready('4');
  for (const id of [5, 6, 6, 4, 7, 3]) es.last.send(id);
  assert.deepEqual(received, ['5', '6', '7']);
  assert.equal(client.getStats().lastEventId, '7');
});

test('an error closes the stream and retries after the jittered backoff, resuming from the last id', () => {
  const { client, es, clock, states } = setup();
  client.connect();
  es.last.ready('40');
  es.last.send(41);
  const first = es.last;
  first.fail();
  assert.ok(first.closed, 'our own loop reconnects, not EventSource');
  assert.equal(client.getState(), 'reconnecting');
  clock.advance(499); // random 0.5 of the 1 s first window
  assert.equal(es.instances.length, 1);
  clock.advance(1);
  assert.equal(es.instances.length, 2);
  assert.equal(es.last.query('lastEventId'), '41');
  assert.equal(es.last.query('ping'), 'event');
  es.last.ready('41');
  assert.deepEqual(states, ['connecting', 'live', 'reconnecting', 'live']);
  assert.equal(client.getStats().reconnects, 1);
});

test('a stream that never connected resumes from the head id its ready carried', () => {
  const { client, es, clock } = setup();
  client.connect();
  es.last.ready('900');
  es.last.fail();
  clock.advance(1_000);
  assert.equal(es.last.query('lastEventId'), '900');
});

test('the backoff window doubles with each consecutive failure up to the cap', () => {
  const { client, es, clock } = setup({ random: () => 0.999, fallbackAfter: 100 });
  client.connect();
  const delays = [];
  for (let i = 0; i < 7; i++) {
    es.last.fail();
    delays.push(...clock.pendingDelays());
    clock.advance(30_000);
  }
  assert.deepEqual(delays, [999, 1998, 3996, 7992, 15984, 29970, 29970]);
});

test('the backoff starts over once the connection stayed live for the stable period', () => {
  const { client, es, clock } = setup({ random: () => 0.999, fallbackAfter: 100 });
  client.connect();
  failTimes({ es, clock }, 2);
  es.last.ready('1');
  clock.advance(9_999);
  es.last.fail();
  assert.deepEqual(clock.pendingDelays(), [3996], 'not yet stable: the window kept growing');
  clock.advance(30_000);
  es.last.ready('1');
  clock.advance(10_000);
  es.last.fail();
  assert.deepEqual(clock.pendingDelays(), [999]);
});

test('after three failed attempts it long-polls and delivers polled envelopes like streamed ones', async () => {
  const ctx = setup({ topics: ['customers'] });
  const { client, net, received } = ctx;
  await goPolling(ctx);
  assert.equal(client.getStats().transport, 'poll');
  assert.equal(net.calls.length, 1);
  const call = net.last;
  assert.equal(call.url, '/api/events?company=7&after=41&limit=200&wait=25&topics=customers');
  assert.equal(call.init.credentials, 'same-origin');
  assert.equal(call.init.headers['X-Company-Id'], '7');
  call.respond(200, { events: [envelope(41), envelope(42), envelope(43)], headId: '43' });
  await settle();
  assert.deepEqual(received, ['42', '43']);
  assert.equal(net.calls.length, 2);
  assert.equal(net.last.query('after'), '43');
});

test('a poll answer\'s lastId moves the cursor past events filtered out for us, never back', async () => {
  const ctx = setup();
  await goPolling(ctx);
  ctx.net.last.respond(200, { events: [envelope(42)], lastId: '57', headId: '60' });
  await settle();
  assert.equal(ctx.net.last.query('after'), '57');
  ctx.net.last.respond(200, { events: [], lastId: '50', headId: '60' });
  await settle();
  ctx.clock.advance(1_000);
  await settle();
  assert.equal(ctx.net.last.query('after'), '57');
  assert.deepEqual(ctx.received, ['42']);
});

test('an empty poll answered at once waits a second before the next', async () => {
  const ctx = setup();
  await goPolling(ctx);
  ctx.net.last.respond(200, { events: [], headId: '41' });
  await settle();
  assert.equal(ctx.net.calls.length, 1);
  ctx.clock.advance(1_000);
  await settle();
  assert.equal(ctx.net.calls.length, 2);
});

test('a failing poll is retried after a backoff', async () => {
  const ctx = setup();
  await goPolling(ctx);
  ctx.net.last.respond(503, {});
  await settle();
  assert.equal(ctx.net.calls.length, 1);
  ctx.clock.advance(500);
  await settle();
  assert.equal(ctx.net.calls.length, 2);
  ctx.net.last.networkError();
  await settle();
  ctx.clock.advance(999); // the second window is 2 s
  await settle();
  assert.equal(ctx.net.calls.length, 2);
  ctx.clock.advance(1);
  await settle();
  assert.equal(ctx.net.calls.length, 3);
  assert.equal(ctx.client.getState(), 'reconnecting', 'a failing poll is no connection either');
});

test('the first poll answered after failures shows polling again and probes SSE at once', async () => {
  const ctx = setup();
  const { client, es, net, clock, states } = ctx;
  await goPolling(ctx);
  const streams = es.instances.length;
  net.last.networkError();
  await settle();
  assert.equal(client.getState(), 'reconnecting');
  assert.equal(client.getStats().connectedSince, null);
  clock.advance(1_000);
  await settle();
  net.last.respond(200, { events: [envelope(42)], lastId: '42', headId: '42' });
  await settle();
  assert.deepEqual(states.slice(-3), ['polling', 'reconnecting', 'polling']);
  assert.deepEqual(ctx.received, ['42']);
  assert.equal(es.instances.length, streams + 1, 'the server is back: try the stream now, not in a minute');
  assert.equal(es.last.query('lastEventId'), '42');
  es.last.ready('42');
  assert.equal(client.getState(), 'live');
});

test('a poll answered without earlier failures does not probe before the minute is up', async () => {
  const ctx = setup();
  await goPolling(ctx);
  const streams = ctx.es.instances.length;
  ctx.net.last.respond(200, { events: [envelope(42)], headId: '42' });
  await settle();
  assert.equal(ctx.es.instances.length, streams);
  assert.equal(ctx.client.getState(), 'polling');
});

test('an initial lastEventId makes the first stream resume from it', () => {
  const { client, es, received } = setup({ lastEventId: '30' });
  client.connect();
  assert.equal(es.last.query('lastEventId'), '30');
  es.last.ready('33');
  for (const id of [30, 31, 32]) es.last.send(id);
  assert.deepEqual(received, ['31', '32']);
});

test('while polling it probes SSE every minute and goes live when a probe is ready', async () => {
  const ctx = setup();
  const { client, es, net, clock } = ctx;
  await goPolling(ctx);
  const streams = es.instances.length;
  clock.advance(59_999);
  assert.equal(es.instances.length, streams);
  clock.advance(1);
  assert.equal(es.instances.length, streams + 1);
  assert.equal(es.last.query('lastEventId'), '41');
  assert.equal(client.getState(), 'polling', 'still polling until the probe is ready');
  es.last.ready('41');
  assert.equal(client.getState(), 'live');
  assert.equal(client.getStats().transport, 'sse');
  assert.ok(net.last.aborted, 'the poll in flight is abandoned');
  await settle();
  assert.equal(net.calls.length, 1);
});

test('a failed probe keeps polling and probes again a minute later', async () => {
  const ctx = setup();
  const { client, es, clock } = ctx;
  await goPolling(ctx);
  clock.advance(60_000);
  const probes = es.instances.length;
  es.last.fail();
  assert.equal(client.getState(), 'polling');
  clock.advance(59_999);
  assert.equal(es.instances.length, probes);
  clock.advance(1);
  assert.equal(es.instances.length, probes + 1);
});

test('revoked closes the stream, fails, and never reconnects', async () => {
  const { client, es, net, clock } = setup();
  client.connect();
  es.last.ready('1');
  es.last.emit('revoked', { reason: 'token_expired' });
  assert.equal(client.getState(), 'failed');
  assert.ok(es.last.closed);
  clock.advance(3_600_000);
  await settle();
  assert.equal(es.instances.length, 1);
  assert.equal(net.calls.length, 0);
});

for (const status of [401, 403]) {
  test(`a ${status} while polling means failed, with no more requests`, async () => {
    const ctx = setup();
    await goPolling(ctx);
    const streams = ctx.es.instances.length;
    ctx.net.last.respond(status, { status, title: 'Unauthorized' });
    await settle();
    assert.equal(ctx.client.getState(), 'failed');
    ctx.clock.advance(600_000);
    await settle();
    assert.equal(ctx.net.calls.length, 1);
    assert.equal(ctx.es.instances.length, streams);
  });
}

test('after failed, reconnect() starts over', () => {
  const { client, es } = setup();
  client.connect();
  es.last.emit('revoked', { reason: 'employee_removed' });
  client.reconnect();
  assert.equal(es.instances.length, 2);
  assert.equal(client.getState(), 'reconnecting');
});

test('reset calls onReset and continues from its head id', () => {
  const { client, es, received } = setup();
  const resets = [];
  client.onReset((detail) => resets.push(detail));
  client.connect();
  es.last.ready('100');
  es.last.send(101);
  es.last.emit('reset', { reason: 'history_truncated', headId: '40' });
  assert.deepEqual(resets, [{ reason: 'history_truncated', headId: '40' }]);
  assert.equal(client.getStats().lastEventId, '40');
  es.last.send(41);
  es.last.send(40);
  assert.deepEqual(received, ['101', '41']);
  assert.equal(client.getState(), 'live');
});

test('a reset in a poll answer calls onReset and polls on from its head id', async () => {
  const ctx = setup();
  const resets = [];
  ctx.client.onReset((detail) => resets.push(detail));
  await goPolling(ctx);
  ctx.net.last.respond(200, { events: [], reset: { reason: 'history_truncated', headId: '80' }, headId: '80' });
  await settle();
  assert.deepEqual(resets, [{ reason: 'history_truncated', headId: '80' }]);
  assert.equal(ctx.net.last.query('after'), '80');
});

test('a stream silent for two and a half heartbeats is replaced; pings keep it alive', () => {
  const { client, es, clock } = setup();
  client.connect();
  es.last.ready('1', { heartbeatMs: 1_000 });
  for (let i = 0; i < 20; i++) {
    clock.advance(1_000);
    es.last.emit('ping', {});
  }
  assert.equal(client.getState(), 'live');
  clock.advance(2_499);
  assert.equal(client.getState(), 'live');
  clock.advance(1);
  assert.ok(es.instances[0].closed);
  assert.equal(client.getState(), 'reconnecting');
});

test('a stream that never sends ready counts as a failed attempt', () => {
  const { client, es, clock } = setup();
  client.connect();
  clock.advance(37_500); // 2.5 × the default 15 s heartbeat
  assert.ok(es.instances[0].closed);
  assert.equal(client.getState(), 'reconnecting');
});

test('going offline closes the stream; coming online reconnects at once', () => {
  const window = new EventTarget();
  const { client, es } = setup({ window });
  client.connect();
  es.last.ready('5');
  window.dispatchEvent(new Event('offline'));
  assert.equal(client.getState(), 'offline');
  assert.ok(es.last.closed);
  window.dispatchEvent(new Event('online'));
  assert.equal(es.instances.length, 2);
  assert.equal(es.last.query('lastEventId'), '5');
  assert.equal(client.getState(), 'reconnecting');
});

test('with the polling fallback disabled it keeps retrying SSE', async () => {
  const ctx = setup();
  ctx.client.setPollingFallback(false);
  ctx.client.connect();
  failTimes(ctx, 8);
  await settle();
  assert.equal(ctx.client.getState(), 'reconnecting');
  assert.equal(ctx.net.calls.length, 0);
});

test('disabling the polling fallback while polling goes back to SSE', async () => {
  const other = setup();
  await goPolling(other);
  const streams = other.es.instances.length;
  other.client.setPollingFallback(false);
  assert.ok(other.net.last.aborted);
  assert.equal(other.es.instances.length, streams + 1);
  assert.equal(other.client.getState(), 'reconnecting');
});

test('disconnect closes everything and nothing fires afterwards', async () => {
  const ctx = setup();
  await goPolling(ctx);
  ctx.client.disconnect();
  assert.equal(ctx.client.getState(), 'idle');
  assert.ok(ctx.net.last.aborted);
  const streams = ctx.es.instances.length;
  ctx.clock.advance(600_000);
  await settle();
  assert.equal(ctx.es.instances.length, streams);
  assert.equal(ctx.net.calls.length, 1);
  assert.equal(ctx.clock.pendingDelays().length, 0);
});

test('reconnect() replaces a live stream at once', () => {
  const { client, es } = setup();
  client.connect();
  es.last.ready('3');
  client.reconnect();
  assert.ok(es.instances[0].closed);
  assert.equal(es.instances.length, 2);
  assert.equal(es.last.query('lastEventId'), '3');
});

test('unsubscribe stops delivery; a throwing subscriber does not stop the others', (t) => {
  const errors = t.mock.method(console, 'error', () => {});
  const { client, es, received } = setup();
  const got = [];
  const off = client.subscribe('customer_updated', (e) => got.push(e.id));
  client.subscribe('customer_updated', () => { throw new Error('view bug'); });
  client.connect();
  es.last.ready('0');
  es.last.send(1);
  off();
  es.last.send(2);
  assert.deepEqual(got, ['1']);
  assert.deepEqual(received, ['1', '2']);
  assert.equal(errors.mock.callCount(), 2);
});

test('control events cannot be subscribed to', () => {
  const { client } = setup();
  assert.throws(() => client.subscribe('reset', () => {}), TypeError);
});

test('while a long backoff runs, a reach probe that gets an answer opens the stream at once', async () => {
  const { client, es, net, clock } = setup({ reachProbeMs: 2000, fallbackAfter: 100, random: () => 0.999 });
  client.connect();
  es.last.ready('9');
  failTimes({ es, clock }, 4); // the next window is 16 s
  es.last.fail();
  const streams = es.instances.length;
  const before = net.calls.length; // earlier windows probed too; those were aborted when they ran out
  assert.ok(net.calls.every((c) => c.aborted));
  const stats = client.getStats();
  assert.equal(stats.state, 'reconnecting');
  assert.equal(stats.nextRetryAt - clock.now(), 15_984, 'the indicator can say when');
  clock.advance(1_999);
  await settle();
  assert.equal(net.calls.length, before + 1, 'probed within reachProbeMs');
  assert.match(net.last.url, /\/api\/events\?company=7$/);
  net.last.networkError();
  await settle();
  clock.advance(2_000);
  await settle();
  assert.equal(net.calls.length, before + 2, 'still away: probe again');
  net.last.respond(200, { events: [], headId: '9', lastId: '9' });
  await settle();
  assert.equal(es.instances.length, streams + 1, 'back: no waiting out the 16 s');
  assert.equal(es.last.query('lastEventId'), '9');
  es.last.ready('9');
  assert.equal(client.getState(), 'live');
  assert.equal(client.getStats().nextRetryAt, null);
  clock.advance(30_000);
  await settle();
  assert.equal(net.calls.length, before + 2, 'no probe once live');
});

test('a short backoff is waited out without probing', async () => {
  const { client, es, net, clock } = setup({ reachProbeMs: 2000 });
  client.connect();
  es.last.fail(); // 500 ms
  clock.advance(500);
  await settle();
  assert.equal(net.calls.length, 0);
  assert.equal(es.instances.length, 2);
});

test('while polling, a failed poll retries no further apart than reachProbeMs and asks without waiting', async () => {
  const ctx = setup({ reachProbeMs: 2000, random: () => 0.999 });
  await goPolling(ctx);
  assert.equal(ctx.net.last.query('wait'), '25');
  for (let i = 0; i < 6; i++) {
    ctx.net.last.networkError();
    await settle();
    assert.ok(ctx.clock.pendingDelays().every((d) => d <= 2000 || d === 60_000), `retry ${i} within 2 s`);
    ctx.clock.advance(2_000);
    await settle();
    assert.equal(ctx.net.last.query('wait'), '0', 'an answer at once tells the server is back');
  }
  const streams = ctx.es.instances.length;
  ctx.net.last.respond(200, { events: [], lastId: '41', headId: '41' });
  await settle();
  assert.equal(ctx.es.instances.length, streams + 1, 'the stream is tried at once');
  ctx.es.last.ready('41');
  assert.equal(ctx.client.getState(), 'live');
});

test('the tab becoming visible retries a connection that is down at once', () => {
  const document = new EventTarget();
  document.visibilityState = 'hidden';
  const { client, es } = setup({ document, fallbackAfter: 100 });
  client.connect();
  es.last.fail();
  document.dispatchEvent(new Event('visibilitychange'));
  assert.equal(es.instances.length, 1, 'still hidden');
  document.visibilityState = 'visible';
  document.dispatchEvent(new Event('visibilitychange'));
  assert.equal(es.instances.length, 2);
  es.last.ready('3');
  document.dispatchEvent(new Event('visibilitychange'));
  assert.equal(es.instances.length, 2, 'live: nothing to do');
});

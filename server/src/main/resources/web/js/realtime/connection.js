/**
 * The reconnecting state machine of the tab that owns the stream: SSE with its
 * own jittered backoff, long-polling after repeated failures, SSE probes while
 * polling. It keeps no event state: ids, dedup and delivery are the sink's.
 *
 * States: connecting → live ⇄ reconnecting → polling → live; offline; failed.
 * While polling, a request that fails shows `reconnecting` (the server is out of
 * reach, not just its stream); the first answer after that shows `polling` again
 * and tries SSE at once, since an outage of the whole server says nothing about
 * whether streams get through.
 *
 * Coming back quickly: a backoff protects the server from a crowd of streams
 * reconnecting at once, but must not keep a person waiting once the server is
 * back. So while waiting out a backoff longer than `reachProbeMs`, a cheap
 * request (`GET /api/events` without `after`, answered at once) checks every
 * `reachProbeMs` whether the server answers again, and a poll that failed asks
 * without waiting next time and retries no further apart than `reachProbeMs`:
 * the first answer opens the stream at once.
 */
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
import { SseTransport, streamUrl } from './sse-transport.js';
import { PollTransport } from './poll-transport.js';

/** Defaults of the tunable options. */
export const CONNECTION_DEFAULTS = Object.freeze({
  pollingFallback: true,
  fallbackAfter: 3, // consecutive attempts that did not stay live
  probeIntervalMs: 60_000, // how often to try SSE again while polling
  stableMs: 10_000, // live this long and the backoff starts over
  heartbeatMs: 15_000, // until the server's `ready` says otherwise
  backoff: DEFAULT_BACKOFF,
  pollLimit: 200,
  pollWaitSeconds: 25,
  reachProbeMs: 2000, // while the server is out of reach, check this often (jittered) whether it is back; null: never
});

/** Owns at most one SSE transport (the connection, or a probe while polling) and one poll transport. */
export class Connection {
  #o;
  #sink;
  #sse = null;
  #poll = null;
  #timers = new Map();
  #running = false;
  #state = 'idle';
  #failures = 0;
  #pollDown = false;
  #heartbeatMs;

  #reach = null; // the reach probe's AbortController

  /** Public counters for getStats(); `nextRetryAt`: when the next attempt is due (clock ms), or null. */
  stats = { transport: null, reconnects: 0, connectedSince: null, failure: null, nextRetryAt: null };

  /**
   * @param {object} options client options merged over CONNECTION_DEFAULTS, with `clock`,
   *   `random`, `EventSourceImpl`, `fetchImpl` and `types` (a live Set of event names)
   * @param {{lastEventId: () => string|null, event: Function, reset: Function,
   *          head: (headId: string) => void, advance: (lastId: string) => void,
   *          state: (state: string) => void}} sink  `head`: the position when none is known yet;
   *   `advance`: a later position with nothing for us in between
   */
  constructor(options, sink) {
    this.#o = { ...CONNECTION_DEFAULTS, ...options };
    this.#sink = sink;
    this.#heartbeatMs = this.#o.heartbeatMs;
  }

  /** The current state. */
  get state() {
    return this.#state;
  }

  /** Starts connecting; no-op when running. */
  start() {
    if (this.#running) return;
    this.#running = true;
    this.#failures = 0;
    this.#openSse('connecting');
  }

  /** Closes everything; nothing fires afterwards. */
  stop() {
    this.#running = false;
    this.#closeAll();
    this.#state = 'idle';
  }

  /** Drops the current transport and opens SSE now, with a fresh backoff. Also leaves `failed`. */
  reconnect() {
    if (!this.#running) return this.start();
    this.#closeAll();
    this.#failures = 0;
    this.stats.reconnects++;
    this.#openSse('reconnecting');
  }

  /** The browser went offline: close and wait for online(). */
  offline() {
    if (!this.#running || this.#state === 'failed') return;
    this.#closeAll();
    this.#setState('offline');
  }

  /** The browser came back: reconnect at once instead of waiting out a backoff. */
  online() {
    if (this.#running && (this.#state === 'offline' || this.#state === 'reconnecting')) this.reconnect();
  }

  /** The tab became visible again: a connection that is down is retried now (timers may have slept). */
  wake() {
    if (this.#running && this.#state === 'reconnecting') this.reconnect();
  }

  /** Enables or disables the long-polling fallback; disabling it while polling goes back to SSE. */
  setPollingFallback(enabled) {
    this.#o.pollingFallback = enabled;
    if (!enabled && this.#poll) this.reconnect();
  }

  /** Listens for one more event name on the open stream (later ones read `types`). */
  addType(type) {
    this.#sse?.addType(type);
  }

  #openSse(state) {
    if (state) this.#setState(state);
    const o = this.#o;
    const sse = new SseTransport({
      url: streamUrl({ ...o, lastEventId: this.#sink.lastEventId() }),
      EventSourceImpl: o.EventSourceImpl,
      withCredentials: o.withCredentials === true,
      types: o.types,
      clock: o.clock,
      heartbeatMs: this.#heartbeatMs,
      handlers: {
        ready: (info) => this.#onReady(sse, info),
        event: (envelope) => this.#sink.event(envelope),
        reset: (detail) => this.#sink.reset(detail),
        revoked: (detail) => this.#fail(detail),
        error: () => this.#onSseError(sse),
      },
    });
    this.#sse = sse;
    sse.start();
  }

  #onReady(sse, info) {
    if (sse !== this.#sse) return;
    if (Number.isFinite(info.heartbeatMs) && info.heartbeatMs > 0) this.#heartbeatMs = info.heartbeatMs;
    // A probe got through: SSE wins, and dedup by id absorbs any overlap with the last poll.
    this.#poll?.close();
    this.#poll = null;
    this.#cancel('probe');
    this.stats.transport = 'sse';
    this.stats.connectedSince = this.#o.clock.now();
    if (info.headId != null) this.#sink.head(String(info.headId));
    this.#after('stable', this.#o.stableMs, () => { this.#failures = 0; });
    this.#setState('live');
  }

  #onSseError(sse) {
    if (sse !== this.#sse) return;
    this.#sse = null;
    this.#cancel('stable');
    if (this.#poll) { // a probe failed: keep polling, probe again later
      this.#after('probe', this.#o.probeIntervalMs, () => this.#openSse(null));
      return;
    }
    this.stats.connectedSince = null;
    this.#failures++;
    if (this.#o.pollingFallback && this.#failures >= this.#o.fallbackAfter) return this.#startPolling();
    this.#setState('reconnecting');
    const delay = backoffDelay(this.#failures - 1, { ...this.#o.backoff, random: this.#o.random });
    this.stats.nextRetryAt = this.#o.clock.now() + delay;
    this.#after('retry', delay, () => {
      this.stats.nextRetryAt = null;
      this.#stopReachProbe();
      this.stats.reconnects++;
      this.#openSse('reconnecting');
    });
    if (this.#o.reachProbeMs > 0 && delay > this.#o.reachProbeMs) this.#reachProbe();
  }

  /** Checks now and then whether the server answers; the first answer ends the backoff. */
  #reachProbe() {
    const o = this.#o;
    const wait = Math.round(o.reachProbeMs * (0.5 + o.random() / 2));
    this.#after('reach', wait, async () => {
      this.#reach = typeof AbortController === 'function' ? new AbortController() : {};
      const mine = this.#reach;
      let ok = false;
      try {
        const headers = { Accept: 'application/json' };
        if (o.companyId != null) headers['X-Company-Id'] = String(o.companyId);
        const query = o.companyId != null ? `?company=${encodeURIComponent(o.companyId)}` : '';
        const res = await o.fetchImpl(`${o.baseUrl ?? ''}/api/events${query}`,
          { credentials: o.withCredentials ? 'include' : 'same-origin', headers, signal: mine.signal });
        ok = res.ok;
      } catch {
        ok = false;
      }
      if (mine !== this.#reach) return; // stopped meanwhile
      this.#reach = null;
      if (!ok) return this.#reachProbe();
      if (this.#timers.has('retry')) {
        this.#cancel('retry');
        this.stats.nextRetryAt = null;
        this.stats.reconnects++;
        this.#openSse('reconnecting');
      }
    });
  }

  #stopReachProbe() {
    this.#cancel('reach');
    this.#reach?.abort?.();
    this.#reach = null;
  }

  #startPolling() {
    const o = this.#o;
    this.stats.transport = 'poll';
    this.#pollDown = false;
    this.#setState('polling');
    this.#poll = new PollTransport({
      baseUrl: o.baseUrl, companyId: o.companyId, topics: o.topics,
      fetchImpl: o.fetchImpl, withCredentials: o.withCredentials === true,
      clock: o.clock, random: o.random,
      backoff: o.reachProbeMs > 0 ? { ...o.backoff, capMs: Math.min(o.backoff.capMs ?? Infinity, o.reachProbeMs) } : o.backoff,
      limit: o.pollLimit, waitSeconds: o.pollWaitSeconds,
      after: () => this.#sink.lastEventId(),
      onRetryAt: (at) => { this.stats.nextRetryAt = at; },
      handlers: {
        event: (envelope) => this.#sink.event(envelope),
        reset: (detail) => this.#sink.reset(detail),
        advance: (lastId) => this.#sink.advance(lastId),
        head: (headId) => {
          this.stats.connectedSince ??= o.clock.now();
          this.#sink.head(headId);
        },
        revoked: (detail) => this.#fail(detail),
        down: () => this.#onPollDown(),
        up: () => this.#onPollUp(),
      },
    });
    this.#poll.start();
    this.#after('probe', o.probeIntervalMs, () => this.#openSse(null));
  }

  #onPollDown() {
    this.#pollDown = true;
    this.stats.connectedSince = null;
    this.#setState('reconnecting');
  }

  #onPollUp() {
    if (!this.#pollDown) return;
    this.#pollDown = false;
    this.#setState('polling');
    if (!this.#sse) {
      this.#cancel('probe');
      this.#openSse(null);
    }
  }

  #fail(detail) {
    this.#closeAll();
    this.stats.failure = detail?.reason ?? 'revoked';
    this.#setState('failed');
  }

  #closeAll() {
    this.#stopReachProbe();
    this.stats.nextRetryAt = null;
    this.#sse?.close();
    this.#poll?.close();
    this.#sse = null;
    this.#poll = null;
    for (const name of [...this.#timers.keys()]) this.#cancel(name);
    this.stats.transport = null;
    this.stats.connectedSince = null;
    this.stats.failure = null;
  }

  #setState(state) {
    if (state === this.#state) return;
    this.#state = state;
    this.#sink.state(state);
  }

  #after(name, ms, fn) {
    this.#cancel(name);
    this.#timers.set(name, this.#o.clock.setTimeout(() => {
      this.#timers.delete(name);
      fn();
    }, ms));
  }

  #cancel(name) {
    if (!this.#timers.has(name)) return;
    this.#o.clock.clearTimeout(this.#timers.get(name));
    this.#timers.delete(name);
  }
}

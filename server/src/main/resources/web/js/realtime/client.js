/**
 * The browser's realtime client: what views use. Transport-neutral — views see
 * envelopes, states and resets, never SSE or polling.
 *
 * One tab per browser (the leader) owns the Connection and re-broadcasts every
 * envelope and state change; the others deliver what they hear. Every tab keeps
 * its own last applied id, so whichever tab leads next resumes where it stood.
 */
import { CATALOG_TYPES, isControlType } from './catalog.js';
import { compareEventIds, isEventId } from './ids.js';
import { Connection } from './connection.js';
import { canElectLeader, TabLeadership } from './leader.js';
import { Listeners } from './listeners.js';
import { makeClock } from './clock.js';

export { isNewer } from './ids.js';
export { backoffDelay } from './backoff.js';

/**
 * States: `idle` (before connect / after disconnect), `connecting`, `live`,
 * `reconnecting`, `polling`, `offline` and `failed` (401/403 or revoked: log in again).
 */
export class RealtimeClient {
  #o;
  #clock;
  #connection;
  #tabs = null;
  #window;
  #document;
  #started = false;
  #isLeader = false;
  #leaderStats = null;
  #state = 'idle';
  #lastEventId = null;
  #eventsReceived = 0;
  #lastEventAt = null;
  #types = new Set(CATALOG_TYPES);
  #subscribers = new Map(); // type or '*' → Listeners
  #stateListeners = new Listeners();
  #resetListeners = new Listeners();

  /**
   * @param {object} [options]
   * @param {string} [options.baseUrl] prefix of `/api/...`, default ''
   * @param {boolean} [options.withCredentials] send the session cookie to a `baseUrl` on another
   *   origin (the node must list this page's origin in `CORS_ORIGINS`); default false
   * @param {string|number} [options.companyId]
   * @param {string[]|string} [options.topics] default: all
   * @param {string|null} [options.lastEventId] where to start: the head id read just before the
   *   data the views loaded, so nothing committed in between is missed; default: the stream's head
   * @param {Function} [options.EventSourceImpl] default globalThis.EventSource
   * @param {Function} [options.fetchImpl] default globalThis.fetch
   * @param {() => number} [options.random] default Math.random
   * @param {{setTimeout: Function, clearTimeout: Function, now: () => number}} [options.clock]
   *   or separately `setTimeout`, `clearTimeout`, `now`
   * @param {{request: Function}|null} [options.locks] default navigator.locks; null: no election
   * @param {Function|null} [options.BroadcastChannelImpl] default globalThis.BroadcastChannel
   * @param {EventTarget|null} [options.window] for `online`/`offline`, default globalThis.window
   * @param {Document|null} [options.document] for `visibilitychange`, default globalThis.document
   * Tuning (see CONNECTION_DEFAULTS): pollingFallback, fallbackAfter, probeIntervalMs,
   * stableMs, heartbeatMs, backoff {baseMs, capMs}, pollLimit, pollWaitSeconds, reachProbeMs.
   */
  constructor(options = {}) {
    const topics = typeof options.topics === 'string' ? options.topics.split(',') : options.topics;
    this.#clock = makeClock(options);
    this.#o = {
      ...options,
      topics: topics?.map((t) => t.trim()).filter(Boolean),
      baseUrl: options.baseUrl ?? '',
      withCredentials: options.withCredentials === true,
      EventSourceImpl: options.EventSourceImpl ?? globalThis.EventSource,
      fetchImpl: options.fetchImpl ?? ((...args) => globalThis.fetch(...args)),
      random: options.random ?? Math.random,
      locks: 'locks' in options ? options.locks : globalThis.navigator?.locks,
      BroadcastChannelImpl: 'BroadcastChannelImpl' in options
        ? options.BroadcastChannelImpl : globalThis.BroadcastChannel,
    };
    this.#window = 'window' in options ? options.window : globalThis.window;
    this.#document = 'document' in options ? options.document : globalThis.document;
    if (isEventId(options.lastEventId)) this.#lastEventId = String(options.lastEventId);
    this.#connection = new Connection({ ...this.#o, clock: this.#clock, types: this.#types }, {
      lastEventId: () => this.#lastEventId,
      event: (envelope) => {
        if (this.#apply(envelope)) this.#tabs?.post({ kind: 'event', envelope });
      },
      reset: (detail) => {
        this.#reset(detail);
        this.#tabs?.post({ kind: 'reset', detail });
      },
      head: (headId) => {
        if (this.#lastEventId === null && isEventId(headId)) this.#lastEventId = headId;
      },
      advance: (lastId) => {
        if (isEventId(lastId) && (this.#lastEventId === null || compareEventIds(lastId, this.#lastEventId) > 0)) {
          this.#lastEventId = lastId;
        }
      },
      state: (state) => {
        this.#setState(state);
        const stats = { ...this.#connection.stats };
        this.#tabs?.post({ kind: 'state', state, stats, lastEventId: this.#lastEventId });
      },
    });
  }

  /** Starts: elects a leader among tabs when the browser can, else connects directly. No-op when started. */
  connect() {
    if (this.#started) return;
    this.#started = true;
    this.#window?.addEventListener?.('online', this.#onOnline);
    this.#window?.addEventListener?.('offline', this.#onOffline);
    this.#document?.addEventListener?.('visibilitychange', this.#onVisibility);
    if (!canElectLeader(this.#o.locks, this.#o.BroadcastChannelImpl)) return this.#lead();
    this.#setState('connecting');
    const name = `chatmesh-realtime-${this.#o.companyId ?? 'default'}`;
    this.#tabs = new TabLeadership({
      name, locks: this.#o.locks, BroadcastChannelImpl: this.#o.BroadcastChannelImpl,
      onLeader: () => this.#lead(),
      onMessage: (message) => this.#hear(message),
    });
    this.#tabs.start();
    this.#tabs.post({ kind: 'hello', types: this.#customTypes() });
  }

  /** Stops everything; a leader hands the stream to another tab. State becomes `idle`. */
  disconnect() {
    if (!this.#started) return;
    this.#started = false;
    this.#window?.removeEventListener?.('online', this.#onOnline);
    this.#window?.removeEventListener?.('offline', this.#onOffline);
    this.#document?.removeEventListener?.('visibilitychange', this.#onVisibility);
    this.#connection.stop();
    this.#tabs?.stop();
    this.#tabs = null;
    this.#isLeader = false;
    this.#leaderStats = null;
    this.#setState('idle');
  }

  /** Reconnects now with a fresh backoff (e.g. after logging in again from `failed`). */
  reconnect() {
    if (!this.#started) return this.connect();
    if (this.#isLeader) this.#connection.reconnect();
    else this.#tabs?.post({ kind: 'reconnect' });
  }

  /** Enables or disables the long-polling fallback (applies in the tab that leads). */
  setPollingFallback(enabled) {
    this.#connection.setPollingFallback(Boolean(enabled));
  }

  /**
   * Calls `callback(envelope)` for every event of `type`, or of every type with '*'.
   * @param {string} type an event type of the catalog, a custom published type, or '*'
   * @param {(envelope: object) => void} callback
   * @returns {() => void} unsubscribe
   */
  subscribe(type, callback) {
    if (isControlType(type)) throw new TypeError(`'${type}' is a control event: use onStateChange or onReset`);
    if (!this.#subscribers.has(type)) this.#subscribers.set(type, new Listeners());
    const unsubscribe = this.#subscribers.get(type).add(callback);
    if (type !== '*' && !this.#types.has(type)) {
      this.#addType(type);
      this.#tabs?.post({ kind: 'types', types: [type] });
    }
    return unsubscribe;
  }

  /**
   * Calls `callback(state, previous)` on every state change.
   * @returns {() => void} unsubscribe
   */
  onStateChange(callback) {
    return this.#stateListeners.add(callback);
  }

  /**
   * Calls `callback({reason, headId})` when the server truncated the history we
   * asked to resume from: reload lists by plain GETs. Events after `headId` follow.
   * @returns {() => void} unsubscribe
   */
  onReset(callback) {
    return this.#resetListeners.add(callback);
  }

  /** The current state. */
  getState() {
    return this.#state;
  }

  /** A snapshot for status bars and diagnostics; followers report the leader's transport figures. */
  getStats() {
    const c = this.#isLeader || !this.#tabs ? this.#connection.stats : (this.#leaderStats ?? {});
    return {
      state: this.#state,
      transport: c.transport ?? null,
      lastEventId: this.#lastEventId,
      reconnects: c.reconnects ?? 0,
      eventsReceived: this.#eventsReceived,
      lastEventAt: this.#lastEventAt,
      connectedSince: c.connectedSince ?? null,
      nextRetryAt: this.#state === 'reconnecting' ? (c.nextRetryAt ?? null) : null,
      isLeader: this.#isLeader,
    };
  }

  #onOnline = () => { if (this.#isLeader) this.#connection.online(); };
  #onOffline = () => { if (this.#isLeader) this.#connection.offline(); };
  // A hidden tab's timers may be throttled for minutes: back in view, a connection that is down retries now.
  #onVisibility = () => {
    if (this.#document?.visibilityState !== 'visible' || this.#state !== 'reconnecting') return;
    if (this.#isLeader) this.#connection.wake();
    else this.#tabs?.post({ kind: 'reconnect' });
  };

  #lead() {
    this.#isLeader = true;
    this.#leaderStats = null;
    this.#connection.start();
    if (this.#window?.navigator?.onLine === false) this.#connection.offline();
  }

  /** Messages from other tabs: followers mirror the leader; the leader serves newcomers. */
  #hear(message) {
    const follower = !this.#isLeader;
    switch (message?.kind) {
      case 'hello':
        this.#addTypes(message.types);
        if (!follower) {
          this.#tabs.post({ kind: 'sync', state: this.#state, stats: { ...this.#connection.stats },
            lastEventId: this.#lastEventId, types: this.#customTypes() });
        }
        break;
      case 'types':
        this.#addTypes(message.types);
        break;
      case 'sync':
        this.#addTypes(message.types);
        if (follower) this.#mirror(message);
        break;
      case 'state':
        if (follower) this.#mirror(message);
        break;
      case 'event':
        if (follower) this.#apply(message.envelope);
        break;
      case 'reset':
        if (follower) this.#reset(message.detail);
        break;
      case 'reconnect':
        if (!follower) this.#connection.reconnect();
        break;
      default:
    }
  }

  /** Follows the leader's state; a tab that has seen no event yet starts from the leader's position. */
  #mirror({ state, stats, lastEventId }) {
    if (this.#lastEventId === null && isEventId(lastEventId)) this.#lastEventId = String(lastEventId);
    this.#leaderStats = stats ?? null;
    this.#setState(state);
  }

  /** Delivers an envelope unless its id is not above the last applied one. */
  #apply(envelope) {
    if (envelope === null || typeof envelope !== 'object') return false;
    const id = envelope.id;
    if (isEventId(id)) {
      if (this.#lastEventId !== null && compareEventIds(id, this.#lastEventId) <= 0) return false;
      this.#lastEventId = String(id);
    }
    this.#eventsReceived++;
    this.#lastEventAt = this.#clock.now();
    this.#subscribers.get(envelope.type)?.emit(envelope);
    this.#subscribers.get('*')?.emit(envelope);
    return true;
  }

  #reset(detail) {
    if (isEventId(detail?.headId)) this.#lastEventId = String(detail.headId);
    this.#resetListeners.emit(detail);
  }

  #setState(state) {
    if (state === this.#state) return;
    const previous = this.#state;
    this.#state = state;
    this.#stateListeners.emit(state, previous);
  }

  #addTypes(types) {
    if (!Array.isArray(types)) return;
    for (const type of types) {
      if (typeof type === 'string' && type && !isControlType(type) && !this.#types.has(type)) this.#addType(type);
    }
  }

  #addType(type) {
    this.#types.add(type);
    this.#connection.addType(type);
  }

  #customTypes() {
    return [...this.#types].filter((type) => !CATALOG_TYPES.includes(type));
  }
}

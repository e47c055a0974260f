/**
 * One Server-Sent Events connection, used once: it reports `ready`, events,
 * `reset` and `revoked`, and reports `error` exactly once when the connection
 * breaks or goes silent. It never reconnects by itself — the Connection does.
 */
import { Watchdog } from './watchdog.js';

/** A stream is dead after this many heartbeat intervals without any event. */
export const SILENCE_FACTOR = 2.5;

/**
 * The stream URL (SPEC §3). `lastEventId` rides in the query because a new
 * EventSource cannot set the Last-Event-ID header; `ping=event` asks the server
 * for named `ping` events, since EventSource hides comment heartbeats.
 * @param {{baseUrl?: string, companyId?: string|number, topics?: string[], lastEventId?: string|null}} options
 * @returns {string}
 */
export function streamUrl({ baseUrl = '', companyId, topics, lastEventId }) {
  const query = [];
  if (companyId != null) query.push(`company=${encodeURIComponent(companyId)}`);
  if (topics?.length) query.push(`topics=${topics.map(encodeURIComponent).join(',')}`);
  if (lastEventId != null) query.push(`lastEventId=${encodeURIComponent(lastEventId)}`);
  query.push('ping=event');
  return `${baseUrl}/api/events/stream?${query.join('&')}`;
}

/** An SSE transport over an EventSource implementation. */
export class SseTransport {
  #url;
  #EventSource;
  #withCredentials;
  #handlers;
  #types;
  #watchdog;
  #es = null;
  #closed = false;

  /**
   * @param {{url: string, EventSourceImpl: Function, withCredentials?: boolean, types: Iterable<string>, clock: object,
   *          heartbeatMs: number, handlers: {ready: Function, event: Function, reset: Function,
   *          revoked: Function, error: Function}}} options
   */
  constructor({ url, EventSourceImpl, withCredentials = false, types, clock, heartbeatMs, handlers }) {
    this.#url = url;
    this.#withCredentials = withCredentials;
    this.#EventSource = EventSourceImpl;
    this.#handlers = handlers;
    this.#types = new Set(['ready', 'reset', 'revoked', 'ping', ...types]);
    this.#watchdog = new Watchdog({
      timeoutMs: heartbeatMs * SILENCE_FACTOR,
      onTimeout: () => this.#fail('stalled'),
      clock,
    });
  }

  /** Opens the EventSource and starts the silence watchdog. */
  start() {
    this.#es = this.#withCredentials
      ? new this.#EventSource(this.#url, { withCredentials: true })
      : new this.#EventSource(this.#url);
    this.#es.addEventListener('error', (ev) => {
      // A custom event named "error" carries data; a real failure does not.
      if (typeof ev?.data !== 'string') this.#fail('error');
    });
    for (const type of this.#types) this.#listen(type);
    this.#watchdog.start();
  }

  /** Listens for one more event name, now and for the rest of this connection. */
  addType(type) {
    if (this.#types.has(type)) return;
    this.#types.add(type);
    if (this.#es) this.#listen(type);
  }

  /** Closes the connection; no handler fires afterwards. */
  close() {
    this.#closed = true;
    this.#watchdog.stop();
    this.#es?.close();
  }

  #listen(type) {
    this.#es.addEventListener(type, (ev) => this.#frame(type, ev));
  }

  #fail(reason) {
    if (this.#closed) return;
    this.close();
    this.#handlers.error(reason);
  }

  #frame(type, ev) {
    if (this.#closed) return;
    this.#watchdog.kick();
    let data;
    try {
      data = ev.data ? JSON.parse(ev.data) : {};
    } catch {
      return; // a malformed frame still proves the stream alive, but carries nothing to apply
    }
    if (data === null || typeof data !== 'object') return;
    switch (type) {
      case 'ping':
        return;
      case 'ready':
        if (Number.isFinite(data.heartbeatMs) && data.heartbeatMs > 0) {
          this.#watchdog.setTimeoutMs(data.heartbeatMs * SILENCE_FACTOR);
        }
        return this.#handlers.ready(data);
      case 'reset':
        return this.#handlers.reset(data);
      case 'revoked':
        this.close();
        return this.#handlers.revoked(data);
      default:
        data.type ??= type;
        if (data.id == null && ev.lastEventId) data.id = ev.lastEventId;
        return this.#handlers.event(data);
    }
  }
}

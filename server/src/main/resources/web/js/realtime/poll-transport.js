/**
 * Long-polling on `GET /api/events` (SPEC §3), the fallback when SSE cannot get
 * through (buffering proxies, blocked event streams). Same handlers as SSE.
 */
import { backoffDelay } from './backoff.js';

/** An empty answer sooner than this means the server did not hold the request: pause before the next. */
export const MIN_EMPTY_POLL_MS = 1000;

/**
 * The poll URL.
 * @param {{baseUrl?: string, companyId?: string|number, topics?: string[], after?: string|null,
 *          limit?: number, waitSeconds?: number}} options
 * @returns {string}
 */
export function pollUrl({ baseUrl = '', companyId, topics, after, limit = 200, waitSeconds = 25 }) {
  const query = [];
  if (companyId != null) query.push(`company=${encodeURIComponent(companyId)}`);
  if (after != null) query.push(`after=${encodeURIComponent(after)}`);
  query.push(`limit=${limit}`, `wait=${waitSeconds}`);
  if (topics?.length) query.push(`topics=${topics.map(encodeURIComponent).join(',')}`);
  return `${baseUrl}/api/events?${query.join('&')}`;
}

/** A polling loop; every answer is handed over, then the next request goes out at once. */
export class PollTransport {
  #o;
  #handlers;
  #generation = 0;
  #controller = null;
  #timer = null;
  #failures = 0;

  /**
   * @param {{baseUrl?: string, companyId?: string|number, topics?: string[], fetchImpl: Function,
   *          withCredentials?: boolean,
   *          clock: object, random: () => number, backoff?: object, limit?: number, waitSeconds?: number,
   *          after: () => string|null, handlers: {event: Function, reset: Function, head: Function,
   *          advance: Function, revoked: Function, up?: Function, down?: Function}}} options
   *   `down()` after every failed request, `up()` after every answer was handed over
   */
  constructor(options) {
    this.#o = options;
    this.#handlers = options.handlers;
  }

  /** Sends the first request. */
  start() {
    this.#poll(++this.#generation);
  }

  /** Stops the loop and aborts the request in flight; no handler fires afterwards. */
  close() {
    this.#generation++;
    this.#controller?.abort();
    this.#controller = null;
    if (this.#timer !== null) this.#o.clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  async #poll(generation) {
    const o = this.#o;
    const started = o.clock.now();
    this.#controller = typeof AbortController === 'function' ? new AbortController() : null;
    // After a failure, ask without holding the request: an answer at once tells that the server is back.
    const url = pollUrl({ ...o, after: o.after(), waitSeconds: this.#failures > 0 ? 0 : o.waitSeconds });
    const headers = { Accept: 'application/json' };
    if (o.companyId != null) headers['X-Company-Id'] = String(o.companyId);
    let body;
    try {
      const credentials = o.withCredentials ? 'include' : 'same-origin';
      const res = await o.fetchImpl(url, { credentials, headers, signal: this.#controller?.signal });
      if (generation !== this.#generation) return;
      if (res.status === 401 || res.status === 403) {
        this.close();
        return this.#handlers.revoked({ reason: 'unauthorized', status: res.status });
      }
      if (!res.ok) throw new Error(`poll answered ${res.status}`);
      body = await res.json();
    } catch {
      if (generation !== this.#generation) return;
      this.#later(generation, backoffDelay(this.#failures++, { ...o.backoff, random: o.random }));
      this.#handlers.down?.();
      return;
    }
    if (generation !== this.#generation) return;
    this.#failures = 0;
    if (!this.#deliver(body ?? {}, generation)) return; // a handler closed us
    this.#handlers.up?.();
    if (generation !== this.#generation) return;
    const empty = !body?.events?.length && !body?.reset;
    const quick = o.clock.now() - started < MIN_EMPTY_POLL_MS;
    if (empty && quick) this.#later(generation, MIN_EMPTY_POLL_MS);
    else this.#poll(generation);
  }

  /** Hands one answer over; false when a handler closed the transport meanwhile. */
  #deliver(body, generation) {
    const live = () => generation === this.#generation;
    if (body.reset) this.#handlers.reset({ ...body.reset, headId: body.reset.headId ?? body.headId });
    for (const envelope of Array.isArray(body.events) ? body.events : []) {
      if (!live()) return false;
      this.#handlers.event(envelope);
    }
    // `lastId` may pass events filtered out for this caller; asking after it skips re-reading them.
    if (live() && body.lastId != null) this.#handlers.advance(String(body.lastId));
    if (live() && body.headId != null) this.#handlers.head(String(body.headId));
    return live();
  }

  #later(generation, ms) {
    this.#o.onRetryAt?.(this.#o.clock.now() + ms);
    this.#timer = this.#o.clock.setTimeout(() => {
      this.#timer = null;
      this.#o.onRetryAt?.(null);
      if (generation === this.#generation) this.#poll(generation);
    }, ms);
  }
}

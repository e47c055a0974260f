// Hand-written fakes for the browser seams of the realtime client: a clock,
// EventSource, fetch, Web Locks and BroadcastChannel. No real timers anywhere.

/** A manual clock: timers run only inside advance(), in due order. */
export class FakeClock {
  #now = 0;
  #seq = 0;
  #timers = new Map();

  now = () => this.#now;

  setTimeout = (fn, ms = 0) => {
    const id = ++this.#seq;
    this.#timers.set(id, { at: this.#now + Math.max(0, ms), ms, fn });
    return id;
  };

  clearTimeout = (id) => {
    this.#timers.delete(id);
  };

  /** Moves time forward by `ms`, running every timer that falls due on the way. */
  advance(ms) {
    const end = this.#now + ms;
    for (;;) {
      let next = null;
      for (const [id, t] of this.#timers) {
        if (t.at <= end && (next === null || t.at < next[1].at)) next = [id, t];
      }
      if (next === null) break;
      this.#timers.delete(next[0]);
      this.#now = next[1].at;
      next[1].fn();
    }
    this.#now = end;
  }

  /** Delays (as requested) of the timers still pending. */
  pendingDelays() {
    return [...this.#timers.values()].map((t) => t.ms);
  }
}

/** Lets promise chains (fake fetch answers, lock grants, channel messages) run to completion. */
export function settle() {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A family of fake EventSources sharing one `instances` list. */
export function fakeEventSources(tag = null, instances = []) {
  class FakeEventSource {
    static CONNECTING = 0;
    static OPEN = 1;
    static CLOSED = 2;

    constructor(url) {
      this.url = url;
      this.tab = tag;
      this.readyState = 0;
      this.closed = false;
      this.listeners = new Map();
      this.onmessage = null;
      instances.push(this);
    }

    addEventListener(type, fn) {
      if (!this.listeners.has(type)) this.listeners.set(type, []);
      this.listeners.get(type).push(fn);
    }

    removeEventListener(type, fn) {
      this.listeners.set(type, (this.listeners.get(type) ?? []).filter((f) => f !== fn));
    }

    close() {
      this.closed = true;
      this.readyState = 2;
    }

    listensTo(type) {
      return (this.listeners.get(type) ?? []).length > 0;
    }

    query(name) {
      return new URL(this.url, 'http://x').searchParams.get(name);
    }

    /** Dispatches a named SSE event, as the browser would after parsing a frame. */
    emit(type, data, id = '') {
      if (this.closed) return;
      this.readyState = 1;
      const ev = { type, data: typeof data === 'string' ? data : JSON.stringify(data), lastEventId: id };
      for (const fn of [...(this.listeners.get(type) ?? [])]) fn(ev);
      if (type === 'message') this.onmessage?.(ev);
    }

    ready(headId = '0', extra = {}) {
      this.emit('ready', { headId, companyId: 7, ...extra });
    }

    send(id, type = 'customer_updated', data = { id: 1, version: 1 }) {
      this.emit(type, envelope(id, type, data), String(id));
    }

    fail() {
      if (this.closed) return;
      for (const fn of [...(this.listeners.get('error') ?? [])]) fn({ type: 'error' });
    }
  }
  return { EventSource: FakeEventSource, instances, get last() { return instances.at(-1); } };
}

/** The JSON envelope of SPEC §3. */
export function envelope(id, type = 'customer_updated', data = { id: 1, version: 1 }) {
  return { id: String(id), type, company_id: 7, timestamp: '2026-11-22T10:15:30.123Z', data };
}

/** A fetch whose answers the test gives by hand. */
export function fakeFetch() {
  const calls = [];
  const fetchImpl = (url, init = {}) => new Promise((resolve, reject) => {
    const call = {
      url, init, aborted: false, answered: false,
      query: (name) => new URL(url, 'http://x').searchParams.get(name),
      respond(status, body) {
        call.answered = true;
        resolve({ status, ok: status >= 200 && status < 300, json: async () => body });
      },
      networkError() {
        call.answered = true;
        reject(new TypeError('Failed to fetch'));
      },
    };
    init.signal?.addEventListener('abort', () => {
      call.aborted = true;
      reject(new DOMException('aborted', 'AbortError'));
    });
    calls.push(call);
  });
  return { fetchImpl, calls, get last() { return calls.at(-1); } };
}

/** Web Locks for several tabs of one browser: exclusive, queued, released when the tab closes. */
export class FakeLockManager {
  #held = new Map();
  #queues = new Map();

  forTab(tab) {
    return { request: (name, options, callback) => this.#request(tab, name, options, callback) };
  }

  holder(name) {
    return this.#held.get(name)?.tab ?? null;
  }

  /** What the browser does when a tab goes away: its locks are released, its requests dropped. */
  closeTab(tab) {
    for (const [name, queue] of this.#queues) this.#queues.set(name, queue.filter((e) => e.tab !== tab));
    for (const [name, entry] of [...this.#held]) if (entry.tab === tab) this.#free(name, entry);
  }

  #request(tab, name, options, callback) {
    if (typeof options === 'function') [callback, options] = [options, {}];
    return new Promise((resolve, reject) => {
      const entry = { tab, callback, resolve, reject };
      options?.signal?.addEventListener('abort', () => {
        const queue = this.#queues.get(name) ?? [];
        if (!queue.includes(entry)) return;
        this.#queues.set(name, queue.filter((e) => e !== entry));
        reject(new DOMException('aborted', 'AbortError'));
      });
      if (!this.#queues.has(name)) this.#queues.set(name, []);
      this.#queues.get(name).push(entry);
      this.#grant(name);
    });
  }

  #grant(name) {
    if (this.#held.has(name)) return;
    const entry = this.#queues.get(name)?.shift();
    if (!entry) return;
    this.#held.set(name, entry);
    queueMicrotask(() => {
      if (this.#held.get(name) !== entry) return;
      Promise.resolve()
        .then(() => entry.callback({ name, mode: 'exclusive' }))
        .then((value) => { this.#free(name, entry); entry.resolve(value); },
          (error) => { this.#free(name, entry); entry.reject(error); });
    });
  }

  #free(name, entry) {
    if (this.#held.get(name) !== entry) return;
    this.#held.delete(name);
    this.#grant(name);
  }
}

/** BroadcastChannel for several tabs: asynchronous delivery to every other open channel of the name. */
export class FakeChannelHub {
  #open = new Set();

  forTab(tab) {
    const open = this.#open;
    return class FakeBroadcastChannel {
      constructor(name) {
        this.name = name;
        this.tab = tab;
        this.onmessage = null;
        this.closed = false;
        open.add(this);
      }

      postMessage(data) {
        if (this.closed) throw new DOMException('closed', 'InvalidStateError');
        const copy = structuredClone(data);
        for (const other of open) {
          if (other === this || other.name !== this.name) continue;
          queueMicrotask(() => { if (!other.closed) other.onmessage?.({ data: copy }); });
        }
      }

      close() {
        this.closed = true;
        open.delete(this);
      }
    };
  }

  closeTab(tab) {
    for (const channel of [...this.#open]) if (channel.tab === tab) channel.close();
  }
}

/** Seeded PRNG (mulberry32) for distribution tests. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One stream per browser: tabs elect a leader with a Web Lock held for the tab's
 * lifetime and talk over a BroadcastChannel. When the leader tab closes, the
 * browser releases its lock and the next waiting tab is granted it.
 */

/**
 * True when this browser offers what leader election needs.
 * @param {{request: Function}|null|undefined} locks `navigator.locks` or a fake
 * @param {Function|null|undefined} BroadcastChannelImpl
 * @returns {boolean}
 */
export function canElectLeader(locks, BroadcastChannelImpl) {
  return typeof locks?.request === 'function' && typeof BroadcastChannelImpl === 'function';
}

/** A tab's seat in the election plus its end of the shared channel. */
export class TabLeadership {
  #name;
  #locks;
  #BroadcastChannel;
  #onLeader;
  #onMessage;
  #channel = null;
  #abort = null;
  #release = null;
  #stopped = false;

  /**
   * @param {{name: string, locks: {request: Function}, BroadcastChannelImpl: Function,
   *          onLeader: () => void, onMessage: (message: object) => void}} options
   */
  constructor({ name, locks, BroadcastChannelImpl, onLeader, onMessage }) {
    this.#name = name;
    this.#locks = locks;
    this.#BroadcastChannel = BroadcastChannelImpl;
    this.#onLeader = onLeader;
    this.#onMessage = onMessage;
  }

  /** Opens the channel and queues for the lock; `onLeader` runs once it is granted. */
  start() {
    this.#channel = new this.#BroadcastChannel(this.#name);
    this.#channel.onmessage = (ev) => {
      if (!this.#stopped) this.#onMessage(ev.data);
    };
    this.#abort = typeof AbortController === 'function' ? new AbortController() : null;
    const options = this.#abort ? { signal: this.#abort.signal } : {};
    this.#locks
      .request(this.#name, options, () => new Promise((resolve) => {
        if (this.#stopped) return resolve();
        this.#release = resolve; // held until stop() or until the tab goes away
        this.#onLeader();
      }))
      .catch(() => {}); // rejected when stop() aborted the queued request
  }

  /** Sends a message to every other tab. */
  post(message) {
    if (!this.#stopped) this.#channel.postMessage(message);
  }

  /** Leaves the election (releasing the lock if held) and closes the channel. */
  stop() {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#abort?.abort();
    this.#release?.();
    this.#channel?.close();
  }
}

/**
 * Fires `onTimeout` when nothing was heard for `timeoutMs`.
 *
 * `kick()` only records the time; a single timer re-arms itself for the remaining
 * silence, so a busy stream costs no timer churn per event.
 */
export class Watchdog {
  #clock;
  #onTimeout;
  #timeoutMs;
  #last = 0;
  #timer = null;

  /**
   * @param {{timeoutMs: number, onTimeout: () => void,
   *          clock: {setTimeout: Function, clearTimeout: Function, now: () => number}}} options
   */
  constructor({ timeoutMs, onTimeout, clock }) {
    this.#timeoutMs = timeoutMs;
    this.#onTimeout = onTimeout;
    this.#clock = clock;
  }

  /** Starts watching from now. */
  start() {
    this.stop();
    this.kick();
  }

  /** Records activity: the silence starts again from now. */
  kick() {
    this.#last = this.#clock.now();
    if (this.#timer === null) this.#arm(this.#timeoutMs);
  }

  /** Changes the allowed silence (e.g. once the server told its heartbeat); counts from the last kick. */
  setTimeoutMs(timeoutMs) {
    this.#timeoutMs = timeoutMs;
    if (this.#timer === null) return;
    this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
    this.#check();
  }

  /** Stops watching; `onTimeout` will not fire. */
  stop() {
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #arm(ms) {
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = null;
      this.#check();
    }, ms);
  }

  #check() {
    const silent = this.#clock.now() - this.#last;
    if (silent >= this.#timeoutMs) this.#onTimeout();
    else this.#arm(this.#timeoutMs - silent);
  }
}

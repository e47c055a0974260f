/**
 * A set of view callbacks. One that throws is reported and does not keep the
 * others — or the stream — from going on.
 */
export class Listeners {
  #callbacks = new Set();

  /**
   * @param {Function} callback
   * @returns {() => void} removes the callback
   */
  add(callback) {
    if (typeof callback !== 'function') throw new TypeError('a callback function is needed');
    this.#callbacks.add(callback);
    return () => {
      this.#callbacks.delete(callback);
    };
  }

  /** Calls every callback with `args`; a snapshot, so callbacks may add or remove during the call. */
  emit(...args) {
    for (const callback of [...this.#callbacks]) {
      try {
        callback(...args);
      } catch (error) {
        if (typeof globalThis.reportError === 'function') globalThis.reportError(error);
        else console.error(error);
      }
    }
  }
}

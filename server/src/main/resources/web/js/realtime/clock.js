/**
 * The timers the client runs on: the browser's by default, a fake in tests.
 * @param {{clock?: object, setTimeout?: Function, clearTimeout?: Function, now?: () => number}} options
 * @returns {{setTimeout: (fn: Function, ms: number) => any, clearTimeout: (id: any) => void, now: () => number}}
 */
export function makeClock(options = {}) {
  const c = options.clock ?? {
    setTimeout: options.setTimeout ?? ((fn, ms) => globalThis.setTimeout(fn, ms)),
    clearTimeout: options.clearTimeout ?? ((id) => globalThis.clearTimeout(id)),
    now: options.now ?? (() => Date.now()),
  };
  // Called through `c` so that clock objects relying on `this` keep working.
  return {
    setTimeout: (fn, ms) => c.setTimeout(fn, ms),
    clearTimeout: (id) => c.clearTimeout(id),
    now: () => (c.now ? c.now() : Date.now()),
  };
}

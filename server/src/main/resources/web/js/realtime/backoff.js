/**
 * Reconnect delays: exponential backoff with full jitter
 * (delay = random() * min(cap, base * 2^attempt)), which spreads a crowd of
 * clients that lost the same node over the whole window instead of in waves.
 */

/** Defaults: the first retry within 1 s, never more than 30 s apart. */
export const DEFAULT_BACKOFF = Object.freeze({ baseMs: 1000, capMs: 30_000 });

/**
 * The upper bound of the delay before retry number `attempt` (0-based).
 * @param {number} attempt
 * @param {{baseMs?: number, capMs?: number}} [options]
 * @returns {number} milliseconds
 */
export function backoffCeiling(attempt, { baseMs = DEFAULT_BACKOFF.baseMs, capMs = DEFAULT_BACKOFF.capMs } = {}) {
  const n = Number.isFinite(attempt) ? Math.max(0, Math.floor(attempt)) : 0;
  // 2^n overflows to Infinity for large n; capping the exponent keeps the min() finite.
  return Math.min(capMs, baseMs * 2 ** Math.min(n, 52));
}

/**
 * The delay before retry number `attempt` (0-based): uniform in [0, ceiling).
 * Pure: the same `random` gives the same delay.
 * @param {number} attempt
 * @param {{baseMs?: number, capMs?: number, random?: () => number}} [options]
 * @returns {number} whole milliseconds
 */
export function backoffDelay(attempt, { baseMs, capMs, random = Math.random } = {}) {
  return Math.floor(random() * backoffCeiling(attempt, { baseMs, capMs }));
}

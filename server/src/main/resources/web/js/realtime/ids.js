/**
 * Ordering of event ids and entity versions.
 *
 * Event ids are decimal strings that may outgrow Number.MAX_SAFE_INTEGER, so they
 * are compared by length, then lexicographically, never through Number.
 */

const DECIMAL = /^\d+$/;

/** True when `id` is a decimal event id (a string of digits or a safe non-negative integer). */
export function isEventId(id) {
  return (typeof id === 'string' && DECIMAL.test(id)) || (Number.isSafeInteger(id) && id >= 0);
}

/**
 * Compares two decimal event ids without loss of precision.
 * @param {string|number} a
 * @param {string|number} b
 * @returns {number} negative when a < b, 0 when equal, positive when a > b
 */
export function compareEventIds(a, b) {
  const x = normalize(a);
  const y = normalize(b);
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

function normalize(id) {
  return String(id).replace(/^0+(?=\d)/, '');
}

/**
 * For the app's store: should `incoming` replace `current`? True when there is no
 * current copy, when `incoming.version` is greater, or when either version is
 * missing (nothing to compare, so the newer message wins).
 * @param {{version?: number}|null|undefined} current
 * @param {{version?: number}|null|undefined} incoming
 * @returns {boolean}
 */
export function isNewer(current, incoming) {
  if (current == null || current.version == null || incoming?.version == null) return true;
  const have = Number(current.version);
  const got = Number(incoming.version);
  if (!Number.isFinite(have) || !Number.isFinite(got)) return true;
  return got > have;
}

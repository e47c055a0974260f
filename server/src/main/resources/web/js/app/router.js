/**
 * Hash routes: `#/inbox`, `#/inbox/7`, `#/customers`, `#/customers/12`, `#/employees`, `#/activity`.
 * Other hashes (like the skip link's `#main`) are not routes and are ignored.
 */

/** The current route as `{view, id}`; the inbox when the hash names no route. */
export function currentRoute() {
  const match = /^#\/(inbox|customers|employees|activity)(?:\/(\d+))?\/?$/.exec(location.hash);
  return match ? { view: match[1], id: match[2] ?? null } : { view: 'inbox', id: null };
}

/** Navigates to a route. */
export function go(view, id = null) {
  location.hash = id == null ? `#/${view}` : `#/${view}/${id}`;
}

/**
 * Calls `callback(route)` now and on every route change.
 * @returns {() => void} stops listening
 */
export function onRoute(callback) {
  const handler = () => {
    if (location.hash === '' || location.hash.startsWith('#/')) callback(currentRoute());
  };
  window.addEventListener('hashchange', handler);
  handler();
  return () => window.removeEventListener('hashchange', handler);
}

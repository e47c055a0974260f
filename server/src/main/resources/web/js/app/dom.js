/**
 * Building DOM without HTML strings. Every text goes in as a text node, so
 * whatever the server (or another user) sent is shown, never interpreted.
 */

/**
 * Creates an element. `attrs`: `class`, `text`, `on<Event>` handlers, `dataset`,
 * boolean and string attributes; children: nodes, strings, arrays, null/false skipped.
 * @param {string} tag
 * @param {object|null} [attrs]
 * @param {...any} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs = null, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value == null || value === false) continue;
    if (key === 'text') el.textContent = String(value);
    else if (key === 'class') el.className = value;
    else if (key === 'value') el.value = String(value); // a textarea has no value attribute
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on')) {
      if (typeof value !== 'function') throw new TypeError(`${key} must be a function, never markup or code`);
      el.addEventListener(key.slice(2).toLowerCase(), value);
    }
    else if (key in el && typeof value !== 'string') el[key] = value; // value, checked, disabled …
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** Appends children (nodes or strings as text) to `el`. */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces all children of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** Up to two initials of a name, for avatars, from letters and digits only ("Tom (edited)" → "TE"). */
export function initials(name) {
  const parts = String(name ?? '').split(/\s+/).map((p) => p.match(/[\p{L}\p{N}]+/gu)?.join('') ?? '').filter(Boolean);
  if (parts.length === 0) return '?';
  const first = [...parts[0]];
  return (parts.length > 1 ? first[0] + [...parts.at(-1)][0] : first.slice(0, 2).join('')).toUpperCase();
}

/** A round avatar with initials; a picture only when its URL is plain http(s). */
export function avatar(person, size = 'md') {
  const name = person?.name ?? '?';
  const url = safeUrl(person?.avatarUrl);
  const el = h('span', { class: `avatar avatar-${size}`, 'aria-hidden': 'true', dataset: { hue: hue(name) } });
  if (url) el.append(h('img', { src: url, alt: '', loading: 'lazy', referrerpolicy: 'no-referrer' }));
  else el.textContent = initials(name);
  return el;
}

/** The URL when it is http(s) or same-origin relative, else null (no javascript:, data: …). */
export function safeUrl(raw) {
  if (typeof raw !== 'string' || !raw) return null;
  try {
    const url = new URL(raw, location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function hue(name) {
  let n = 0;
  for (const ch of name) n = (n * 31 + ch.codePointAt(0)) % 8;
  return String(n);
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "2 minutes ago" style text for an ISO timestamp. */
export function timeAgo(iso, now = Date.now()) {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return '';
  const s = Math.round((t - now) / 1000);
  if (Math.abs(s) < 45) return 'just now';
  for (const [unit, size] of [['day', 86_400], ['hour', 3_600], ['minute', 60]]) {
    if (Math.abs(s) >= size) return relative.format(Math.round(s / size), unit);
  }
  return relative.format(s, 'second');
}

/** A `<time>` element showing relative time, with the exact time on hover. */
export function timeEl(iso) {
  const t = Date.parse(iso);
  return h('time', {
    datetime: iso ?? '', title: Number.isFinite(t) ? absolute.format(t) : '', text: timeAgo(iso),
    dataset: { relative: iso ?? '' },
  });
}

/** Refreshes every relative `<time>` under `root` (called on a timer). */
export function refreshTimes(root = document) {
  for (const el of root.querySelectorAll('time[data-relative]')) el.textContent = timeAgo(el.dataset.relative);
}

/**
 * Makes `container`'s children the rendering of `items`, in order, reusing the
 * element of every item whose `render` input did not change and moving nodes
 * only when out of place — so focus and text being typed survive updates.
 * @param {HTMLElement} container
 * @param {any[]} items
 * @param {(item: any) => string} keyOf
 * @param {(item: any) => any} inputOf what the element depends on (compared with ===)
 * @param {(item: any) => HTMLElement} render
 * @param {Map<string, {input: any, el: HTMLElement}>} cache kept by the caller between calls
 */
export function reconcile(container, items, keyOf, inputOf, render, cache) {
  const keep = new Set(items.map(keyOf));
  for (const [key, entry] of cache) {
    if (!keep.has(key)) {
      entry.el.remove();
      cache.delete(key);
    }
  }
  let before = container.firstChild;
  for (const item of items) {
    const key = keyOf(item);
    const input = inputOf(item);
    let entry = cache.get(key);
    if (!entry || entry.input !== input) {
      const el = render(item);
      if (entry) {
        if (before === entry.el) before = el;
        entry.el.replaceWith(el);
      }
      entry = { input, el };
      cache.set(key, entry);
    }
    if (entry.el !== before) container.insertBefore(entry.el, before);
    before = entry.el.nextSibling;
  }
  while (before) { // strays (a placeholder line) after the last item
    const next = before.nextSibling;
    before.remove();
    before = next;
  }
}

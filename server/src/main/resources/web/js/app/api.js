/**
 * The HTTP API (SPEC §2) as the app uses it: JSON in and out, the session cookie,
 * the company in `X-Company-Id`, problem+json errors as {@link ApiError}.
 */

/** A failed request: `status`, a readable `message`, and per-field `errors` for forms. */
export class ApiError extends Error {
  /**
   * @param {number} status 0 when the server could not be reached
   * @param {string} message
   * @param {{field: string, message: string}[]} [errors]
   */
  constructor(status, message, errors = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.errors = errors;
  }

  /** The message for one field, if the server named it. */
  fieldMessage(field) {
    return this.errors.find((e) => e.field === field)?.message ?? null;
  }
}

let companyId = null;
let onUnauthorized = () => {};

/** Sets the company every later request acts in. */
export function setCompany(id) {
  companyId = id == null ? null : String(id);
}

/** Called when a request answers 401 (the session ended). */
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler;
}

/**
 * Sends a request; resolves with the parsed JSON body (null for 204).
 * @param {string} method
 * @param {string} path e.g. `/api/customers?limit=200`
 * @param {object} [body]
 * @returns {Promise<any>}
 */
export async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (companyId !== null && !path.startsWith('/api/auth/')) headers['X-Company-Id'] = companyId;
  let res;
  try {
    res = await fetch(path, {
      method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'The server cannot be reached. Check your connection and try again.');
  }
  if (res.status === 204) return null;
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // a non-JSON answer (a proxy's error page) is reported by status below
  }
  if (res.ok) return json;
  if (res.status === 401 && !path.startsWith('/api/auth/login')) onUnauthorized();
  const errors = Array.isArray(json?.errors) ? json.errors : [];
  throw new ApiError(res.status, json?.detail || json?.title || `The server answered ${res.status}.`, errors);
}

/** Shorthands. */
export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body ?? {});
export const put = (path, body) => request('PUT', path, body);
export const del = (path) => request('DELETE', path);

/** Fetches every page of a list endpoint up to `max` items; resolves `{items, total}`. */
export async function list(path, max = 1000) {
  const items = [];
  const sep = path.includes('?') ? '&' : '?';
  let total = 0;
  while (items.length < max) {
    const page = await get(`${path}${sep}limit=200&offset=${items.length}`);
    total = page.total;
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= total) break;
  }
  return { items, total };
}

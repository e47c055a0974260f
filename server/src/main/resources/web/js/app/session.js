/**
 * Who is logged in, in which company, and the small preferences kept in this
 * browser (localStorage): the last company, the sound toggle, the last seen
 * notification per membership.
 */
import * as api from './api.js';

const KEY = 'chatmesh.';

/** Reads a saved preference; `fallback` when missing or storage is unavailable. */
export function pref(name, fallback = null) {
  try {
    const raw = localStorage.getItem(KEY + name);
    return raw === null ? fallback : JSON.parse(raw);
  } catch {
    return fallback;
  }
}

/** Saves a preference (silently skipped when storage is unavailable). */
export function setPref(name, value) {
  try {
    localStorage.setItem(KEY + name, JSON.stringify(value));
  } catch {
    // private mode or full storage: the preference lasts for this page only
  }
}

/** The logged-in account and its memberships, with the company this tab acts in. */
export class Session {
  /**
   * @param {{account: {id, email, name}, memberships: {companyId, employeeId, role, companyName}[]}} me
   */
  constructor(me) {
    this.account = me.account;
    this.memberships = me.memberships ?? [];
    const saved = pref('company');
    this.membership = this.memberships.find((m) => String(m.companyId) === String(saved))
      ?? this.memberships[0] ?? null;
    api.setCompany(this.membership?.companyId ?? null);
  }

  /** The current session, or null when not logged in. */
  static async load() {
    try {
      return new Session(await api.get('/api/auth/me'));
    } catch (error) {
      if (error.status === 401) return null;
      throw error;
    }
  }

  get companyId() {
    return this.membership?.companyId ?? null;
  }

  get employeeId() {
    return this.membership?.employeeId ?? null;
  }

  get isAdmin() {
    return this.membership?.role === 'admin';
  }

  /** Acts in another of the account's companies from now on (and remembers it). */
  switchTo(companyId) {
    const next = this.memberships.find((m) => String(m.companyId) === String(companyId));
    if (!next) return false;
    this.membership = next;
    setPref('company', next.companyId);
    api.setCompany(next.companyId);
    return true;
  }
}

/** Logs in; resolves the new Session. */
export async function login(email, password) {
  return new Session(await api.post('/api/auth/login', { email, password }));
}

/** Signs up a new company and its first admin; resolves the new Session. */
export async function signup(fields) {
  const session = new Session(await api.post('/api/auth/signup', fields));
  session.switchTo(session.memberships[0]?.companyId);
  return session;
}

/** Ends the session on the server (the cookie is cleared by the answer). */
export async function logout() {
  try {
    await api.post('/api/auth/logout');
  } catch {
    // already ended: nothing left to do
  }
}

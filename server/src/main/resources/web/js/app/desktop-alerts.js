/**
 * Optional desktop notifications for customers' new messages while this tab is
 * hidden. Off by default; turning them on asks the browser's permission once.
 * Only one tab of the browser alerts (the one that holds the realtime stream
 * would be ideal; the tag makes the browser show one notification per thread).
 */
import { pref, setPref } from './session.js';

const PREF = 'desktopAlerts';

/** Whether the browser can show notifications at all. */
export function alertsSupported() {
  return typeof globalThis.Notification === 'function';
}

/** True when the person turned alerts on and the browser allows them. */
export function alertsOn() {
  return alertsSupported() && pref(PREF, false) === true && Notification.permission === 'granted';
}

/**
 * Turns alerts on (asking permission when the browser has not been asked yet) or off.
 * @returns {Promise<boolean>} whether alerts are on afterwards
 */
export async function setAlerts(on) {
  if (!on || !alertsSupported()) {
    setPref(PREF, false);
    return false;
  }
  let permission = Notification.permission;
  if (permission === 'default') permission = await Notification.requestPermission();
  setPref(PREF, permission === 'granted');
  return permission === 'granted';
}

/**
 * Shows a notification for each customer message the store receives while the tab is hidden.
 * @param {import('./store.js').Store} store
 * @returns {() => void} stops
 */
export function alertNewMessages(store) {
  return store.inbox.on('messages', (d) => {
    const m = d.message;
    if (!d.added || m?.sender !== 'customer' || document.visibilityState !== 'hidden' || !alertsOn()) return;
    const c = store.inbox.conversations.get(String(m.conversationId));
    try {
      const n = new Notification(c?.customer?.name ?? 'New message', {
        body: String(m.content ?? '').slice(0, 200), tag: `conversation-${m.conversationId}`,
      });
      n.onclick = () => {
        globalThis.focus?.();
        location.hash = `#/inbox/${m.conversationId}`;
        n.close();
      };
    } catch {
      // some browsers only allow notifications from a service worker: then there are none
    }
  });
}

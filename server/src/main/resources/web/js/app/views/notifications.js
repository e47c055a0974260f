/**
 * Notifications: a bell with the unread count, a panel listing them (with a
 * form to notify colleagues), urgent ones as a toast, and an optional chime
 * whose on/off setting is saved in this browser.
 */
import * as api from '../api.js';
import { h, replace, safeUrl, timeEl } from '../dom.js';
import { pref, setPref } from '../session.js';
import { chime, unlock } from '../sound.js';
import { field, showErrors, submitting, values } from '../forms.js';

const TOAST_MS = 8000;

/**
 * @param {{store: import('../store.js').Store, session: import('../session.js').Session}} ctx
 * @returns {{el: HTMLElement, dispose: () => void}}
 */
export function notificationsMenu({ store, session }) {
  const seenKey = `seen.${session.companyId}.${session.employeeId}`;
  let seen = Number(pref(seenKey, 0));
  const count = h('span', { class: 'count', id: 'unread-count' });
  const bell = h('button', {
    type: 'button', class: 'icon-button bell', id: 'bell', 'aria-haspopup': 'true',
    'aria-expanded': 'false', 'aria-controls': 'notification-panel', onClick: () => toggle(),
  }, bellIcon(), count);
  const soundToggle = h('input', { type: 'checkbox', id: 'sound-toggle', role: 'switch', checked: pref('sound', false),
    onChange: () => {
      setPref('sound', soundToggle.checked);
      if (soundToggle.checked) unlock();
    } });
  const items = h('ul', { class: 'notification-list', id: 'notification-list' });
  const panel = h('section', { class: 'popover notification-panel', id: 'notification-panel', hidden: true,
    'aria-label': 'Notifications' },
  h('header', { class: 'popover-head' }, h('h2', { text: 'Notifications' }),
    h('label', { class: 'switch' }, soundToggle, h('span', { text: 'Sound' }))),
  items, composer(store));
  const el = h('div', { class: 'notifications' }, bell, panel);

  const unread = () => [...store.notifications.values()].filter((n) => Number(n.id) > seen).length;
  let highlightAfter = seen; // what was unread when the panel opened stays marked while it is open
  const render = () => {
    const n = unread();
    count.textContent = n > 99 ? '99+' : String(n);
    count.hidden = n === 0;
    bell.setAttribute('aria-label', `Notifications, ${n} unread`);
    const list = [...store.notifications.values()].sort((a, b) => b.id - a.id);
    replace(items, list.length ? list.map((x) => row(x, Number(x.id) > highlightAfter, session))
      : h('li', { class: 'empty', text: 'No notifications yet.' }));
  };
  const markRead = () => {
    seen = Math.max(seen, ...[...store.notifications.keys()].map(Number));
    setPref(seenKey, seen);
  };
  const toggle = (open = panel.hidden) => {
    panel.hidden = !open;
    bell.setAttribute('aria-expanded', String(open));
    highlightAfter = seen;
    if (open) markRead();
    render();
  };
  const onKey = (ev) => {
    if (ev.key === 'Escape' && !panel.hidden) {
      toggle(false);
      bell.focus();
    }
  };
  const onClick = (ev) => { if (!panel.hidden && !el.contains(ev.target)) toggle(false); };
  document.addEventListener('keydown', onKey);
  document.addEventListener('click', onClick);

  const off = store.on('notifications', ({ added }) => {
    if (added) {
      if (added.kind === 'urgent') toast(added);
      if (soundToggle.checked) chime(added.kind === 'urgent');
      if (!panel.hidden) markRead(); // seen as it arrives, still highlighted until closed
    }
    render();
  });
  render();
  return {
    el,
    dispose() {
      off();
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('click', onClick);
    },
  };
}

function row(n, isUnread, session) {
  const link = safeUrl(n.actionUrl);
  const mayDismiss = n.recipientId != null || session.isAdmin;
  return h('li', { class: `notification ${n.kind}${isUnread ? ' unread' : ''}`, dataset: { id: n.id } },
    h('div', { class: 'notification-head' },
      n.kind === 'urgent' ? h('span', { class: 'tag tag-urgent', text: 'Urgent' }) : null,
      h('strong', { text: n.title }), timeEl(n.createdAt)),
    n.message ? h('p', { text: n.message }) : null,
    h('div', { class: 'notification-actions' },
      link ? h('a', { href: link, text: 'Open', rel: 'noopener noreferrer' }) : null,
      mayDismiss ? h('button', { type: 'button', class: 'link-button', text: 'Dismiss',
        onClick: (ev) => { ev.stopPropagation(); api.del(`/api/notifications/${n.id}`).catch(() => {}); } }) : null));
}

/** Shows an urgent notification as a toast in the assertive live region. */
export function toast(n) {
  const region = document.getElementById('toasts');
  if (!region) return;
  const close = () => item.remove();
  const item = h('div', { class: 'toast', role: 'alert' },
    h('div', { class: 'toast-body' }, h('strong', { text: n.title }), n.message ? h('p', { text: n.message }) : null),
    h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Close', text: '×', onClick: close }));
  region.append(item);
  setTimeout(close, TOAST_MS);
}

function composer(store) {
  const recipient = h('select', { name: 'recipientId' });
  const refill = () => replace(recipient, h('option', { value: '', text: 'Everyone' }),
    [...store.employees.values()].sort((a, b) => a.name.localeCompare(b.name))
      .map((e) => h('option', { value: String(e.id), text: e.name })));
  const form = h('form', { class: 'stack', novalidate: true },
    field('Title', h('input', { name: 'title', required: true, maxlength: 200 })),
    field('Message', h('textarea', { name: 'message', rows: 2, maxlength: 2000 })),
    field('To', recipient),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'urgent' }), h('span', { text: 'Urgent' })),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { class: 'button primary', type: 'submit', text: 'Send' }));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = values(form);
    const body = { title: v.title, message: v.message || undefined, kind: v.urgent ? 'urgent' : 'info',
      recipientId: v.recipientId ? Number(v.recipientId) : undefined };
    submitting(form, api.post('/api/notifications', body))
      .then(() => form.reset())
      .catch((error) => showErrors(form, error));
  });
  const details = h('details', { class: 'composer', onToggle: refill },
    h('summary', { text: 'Notify the team' }), form);
  return details;
}

function bellIcon() {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z');
  svg.append(path);
  return svg;
}

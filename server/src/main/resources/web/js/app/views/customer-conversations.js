/**
 * A customer's conversations on their page: loaded once by `?customerId=`, then
 * kept live from the inbox store (a new thread of theirs appears by itself).
 */
import * as api from '../api.js';
import { h, reconcile, timeEl } from '../dom.js';
import { platformIcon, platformName } from './platform.js';

/**
 * @param {string} customerId
 * @param {{store: import('../store.js').Store}} ctx
 * @returns {{el: HTMLElement, dispose: () => void}}
 */
export function customerConversations(customerId, { store }) {
  const inbox = store.inbox;
  const rendered = new Map();
  const list = h('ul', { id: 'customer-conversations' });
  const status = h('p', { class: 'muted', role: 'status' });
  const el = h('section', { class: 'conversations-section', 'aria-labelledby': 'customer-conversations-title' },
    h('h3', { id: 'customer-conversations-title', text: 'Conversations' }), status, list);
  let loaded = false;

  function render() {
    const mine = inbox.list().filter((c) => String(c.customerId) === String(customerId));
    reconcile(list, mine, (c) => String(c.id), (c) => c, (c) => h('li', { dataset: { id: c.id } },
      h('a', { href: `#/inbox/${c.id}`, class: 'customer-conversation' },
        platformIcon(c.platform), ` ${platformName(c.platform)} · `,
        h('span', { class: `status status-${c.status}`, text: c.status }), ' · ',
        h('span', { text: c.lastMessagePreview ?? '' }), ' ',
        c.lastMessageAt ? timeEl(c.lastMessageAt) : null,
        c.unreadCount > 0 ? h('span', { class: 'badge', text: `${c.unreadCount} unread` }) : null)), rendered);
    status.textContent = loaded && mine.length === 0 ? 'No conversations with this customer yet.' : '';
  }

  api.list(`/api/conversations?customerId=${encodeURIComponent(customerId)}`)
    .then(({ items }) => { loaded = true; inbox.putConversations(items); render(); },
      (error) => { status.textContent = error.message; });
  const off = inbox.on('conversations', render);
  render();
  return { el, dispose: off };
}

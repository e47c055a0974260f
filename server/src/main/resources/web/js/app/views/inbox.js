/**
 * The inbox: the company's conversations (All / Mine / Unassigned, by status,
 * searched) beside the open thread. The list follows the store, so a message
 * arriving moves its conversation to the top without a reload; rows are reused
 * by id so focus and scroll survive.
 */
import * as api from '../api.js';
import { avatar, h, reconcile, replace, timeEl } from '../dom.js';
import { alertsOn, alertsSupported, setAlerts } from '../desktop-alerts.js';
import { matchesFilter } from '../inbox-store.js';
import { platformIcon, platformName } from './platform.js';
import { detailPane } from './split.js';
import { threadView } from './thread.js';

const VIEWS = [['all', 'All'], ['mine', 'Mine'], ['unassigned', 'Unassigned']];

/**
 * @param {HTMLElement} main
 * @param {{store: import('../store.js').Store, session: import('../session.js').Session}} ctx
 * @returns {{show: (id: string|null) => void, dispose: () => void}}
 */
export function inboxPage(main, ctx) {
  const { store, session } = ctx;
  const inbox = store.inbox;
  const rows = new Map();
  const filter = { view: 'all', status: '', q: '', me: session.employeeId };
  let serverMatches = null; // ids the server found for the search (it also searches message text)
  let selected = null;

  const list = h('ul', { class: 'conversation-list', id: 'conversation-list', 'aria-label': 'Conversations' });
  const empty = h('p', { class: 'empty', hidden: true });
  const tabs = VIEWS.map(([view, label]) => h('button', {
    type: 'button', class: 'segment', id: `inbox-${view}`, text: label, 'aria-pressed': String(view === filter.view),
    onClick: () => {
      filter.view = view;
      for (const t of tabs) t.setAttribute('aria-pressed', String(t.id === `inbox-${view}`));
      render();
    },
  }));
  const status = h('select', { id: 'inbox-status', 'aria-label': 'Status', onChange: () => { filter.status = status.value; render(); } },
    h('option', { value: '', text: 'Any status' }),
    ['open', 'pending', 'closed'].map((s) => h('option', { value: s, text: s[0].toUpperCase() + s.slice(1) })));
  const search = h('input', { type: 'search', id: 'inbox-search', placeholder: 'Search customers and messages',
    'aria-label': 'Search conversations', onInput: () => { filter.q = search.value; serverMatches = null; render(); searchServer(); } });
  const threadPane = h('section', { class: 'pane thread-pane', id: 'thread-pane', 'aria-label': 'Conversation' });
  const thread = detailPane(threadPane, (id) => threadView(threadPane, id, ctx),
    'Select a conversation to read and reply.');

  const split = h('div', { class: 'split inbox-split' },
    h('section', { class: 'pane list-pane', 'aria-labelledby': 'inbox-title' },
      h('div', { class: 'pane-head' }, h('h1', { id: 'inbox-title', text: 'Inbox' }), alertsToggle()),
      h('div', { class: 'inbox-filters' },
        h('div', { class: 'segments', role: 'group', 'aria-label': 'Show' }, tabs), status),
      h('div', { class: 'search' }, search),
      list, empty),
    threadPane);
  replace(main, split);

  function render() {
    const local = inbox.list({ ...filter, q: '' });
    const q = filter.q.trim();
    const shown = q ? local.filter((c) => serverMatches?.has(String(c.id)) || matchesFilter(c, { q })) : local;
    reconcile(list, shown, (c) => String(c.id), (c) => c, row, rows);
    for (const [id, entry] of rows) entry.el.querySelector('a').toggleAttribute('aria-current', id === selected);
    empty.hidden = shown.length > 0;
    empty.textContent = q ? 'No conversation matches the search.'
      : inbox.conversations.size ? 'No conversation in this view.' : 'No conversations yet. Messages your customers send to a connected channel appear here.';
  }

  let searchTimer = null;
  function searchServer() {
    clearTimeout(searchTimer);
    const q = filter.q.trim();
    if (!q) return;
    searchTimer = setTimeout(() => {
      api.get(`/api/conversations?limit=200&q=${encodeURIComponent(q)}`).then((page) => {
        if (filter.q.trim() !== q) return;
        serverMatches = new Set(page.items.map((c) => String(c.id)));
        inbox.putConversations(page.items);
        render();
      }, () => {});
    }, 250);
  }

  const off = inbox.on('conversations', render);
  render();
  return {
    show(id) {
      selected = id;
      split.classList.toggle('has-selection', id !== null);
      render();
      thread.show(id);
    },
    dispose() {
      off();
      clearTimeout(searchTimer);
      thread.dispose();
    },
  };
}

/** "Desktop alerts" (off by default): asks the browser's permission the first time it is turned on. */
function alertsToggle() {
  if (!alertsSupported()) return null;
  const box = h('input', { type: 'checkbox', id: 'desktop-alerts', checked: alertsOn() });
  const label = h('label', { class: 'switch', for: 'desktop-alerts', title: 'Notify me of customers’ messages while this tab is in the background' },
    box, 'Desktop alerts');
  box.addEventListener('change', async () => {
    box.checked = await setAlerts(box.checked);
    label.title = Notification.permission === 'denied'
      ? 'Notifications are blocked for this site in the browser’s settings' : 'Notify me of customers’ messages while this tab is in the background';
  });
  return label;
}

function row(c) {
  const name = c.customer?.name ?? 'Customer';
  const unread = Number(c.unreadCount) || 0;
  return h('li', { class: `conversation-row${unread ? ' unread' : ''}`, dataset: { id: c.id, status: c.status } },
    h('a', { href: `#/inbox/${c.id}`, 'aria-label': `${name} on ${platformName(c.platform)}${unread ? `, ${unread} unread` : ''}, ${c.status}` },
      h('span', { class: 'row-avatar' }, avatar(c.customer), platformIcon(c.platform)),
      h('span', { class: 'row-text' },
        h('span', { class: 'row-line' },
          h('span', { class: 'row-title conversation-name', text: name }),
          c.lastMessageAt ? timeEl(c.lastMessageAt) : null),
        h('span', { class: 'row-line' },
          h('span', { class: 'row-sub conversation-preview', text: c.lastMessagePreview ?? '' }),
          unread ? h('span', { class: 'badge unread-badge', text: String(unread) }) : null),
        h('span', { class: 'row-meta' },
          h('span', { class: `status status-${c.status}`, text: c.status }),
          h('span', { class: 'muted', text: c.assignee ? c.assignee.name : 'Unassigned' })))));
}

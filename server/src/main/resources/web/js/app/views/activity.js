/**
 * The activity feed, newest first. Lines that arrive while the page is open
 * are highlighted briefly; the navigation's "N new" badge counts those that
 * arrived while it was not (see workspace.js).
 */
import { h, reconcile, replace, timeEl } from '../dom.js';

const KIND = { customer: 'Customer', note: 'Note', employee: 'Team', notification: 'Notification' };
const ICON = { created: '+', updated: '✎', deleted: '−', assigned: '→', unassigned: '∅' };

/**
 * @param {HTMLElement} main
 * @param {{store: import('../store.js').Store}} ctx
 * @returns {{show: () => void, dispose: () => void}}
 */
export function activityPage(main, { store }) {
  const rows = new Map();
  const list = h('ol', { class: 'feed', id: 'activity-feed', 'aria-label': 'Activity, newest first' });
  const empty = h('p', { class: 'empty', text: 'Nothing has happened yet.' });
  replace(main, h('section', { class: 'pane page', 'aria-labelledby': 'activity-title' },
    h('div', { class: 'pane-head' }, h('h1', { id: 'activity-title', text: 'Activity' })),
    list, empty));

  const line = (a) => {
    const link = a.entityType === 'customer' && a.action !== 'deleted' ? `#/customers/${a.entityId}` : null;
    const text = h('span', { class: 'feed-text', text: a.description });
    return h('li', { class: 'feed-item', dataset: { id: a.id, action: a.action } },
      h('span', { class: 'feed-icon', 'aria-hidden': 'true', text: ICON[a.action] ?? '•' }),
      h('div', { class: 'feed-main' },
        link ? h('a', { href: link }, text) : text,
        h('span', { class: 'feed-meta' }, h('span', { text: KIND[a.entityType] ?? a.entityType }), ' · ',
          timeEl(a.createdAt))));
  };

  const render = ({ added } = {}) => {
    reconcile(list, store.activities, (a) => String(a.id), (a) => a, line, rows);
    empty.hidden = store.activities.length > 0;
    if (added) {
      const el = rows.get(String(added.id))?.el;
      el?.classList.add('fresh');
      setTimeout(() => el?.classList.remove('fresh'), 4000);
    }
  };
  const off = store.on('activities', render);
  render();
  return { show() {}, dispose: off };
}

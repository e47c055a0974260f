/**
 * The frame around every view: top bar (company switcher, connection
 * indicator, notifications, account) and the navigation with the inbox's
 * unread count and the activity feed's "N new" badge.
 */
import { avatar, h, replace } from '../dom.js';
import { logo } from './logo.js';

const NAV = [
  ['inbox', 'Inbox'],
  ['customers', 'Customers'],
  ['employees', 'Employees'],
  ['activity', 'Activity'],
];

/**
 * @param {HTMLElement} root
 * @param {{session: import('../session.js').Session, indicator: HTMLElement, notifications: HTMLElement,
 *          onSwitchCompany: (companyId: string) => void, onLogout: () => void, invitations?: HTMLElement}} parts
 *   `invitations`, the account's own pending invitations, sit under the navigation
 * @returns {{main: HTMLElement, setActive: (view: string) => void, setActivityBadge: (n: number) => void,
 *           setUnreadBadge: (n: number) => void}}
 */
export function renderShell(root, { session, indicator, notifications, onSwitchCompany, onLogout, invitations }) {
  const badge = h('span', { class: 'badge', id: 'activity-badge', hidden: true });
  const unread = h('span', { class: 'badge', id: 'inbox-badge', hidden: true });
  const badges = { activity: badge, inbox: unread };
  const links = new Map(NAV.map(([view, label]) => [view, h('a', { href: `#/${view}`, class: 'nav-link', id: `nav-${view}` },
    h('span', { text: label }), badges[view] ?? null)]));
  const main = h('main', { class: 'content', id: 'main', tabindex: '-1' });
  replace(root,
    h('div', { class: 'shell' },
      h('header', { class: 'topbar' },
        h('a', { class: 'brand', href: '#/inbox', 'aria-label': 'ChatMesh home' }, logo(), h('span', { text: 'ChatMesh' })),
        companySwitcher(session, onSwitchCompany),
        h('div', { class: 'spacer' }),
        indicator,
        notifications,
        accountMenu(session, onLogout)),
      h('div', { class: 'sidebar' },
        h('nav', { 'aria-label': 'Main' }, h('ul', null, [...links.values()].map((a) => h('li', null, a)))),
        invitations ?? null),
      main));
  return {
    main,
    setActive(view) {
      for (const [name, link] of links) {
        if (name === view) link.setAttribute('aria-current', 'page');
        else link.removeAttribute('aria-current');
      }
    },
    setActivityBadge(n) {
      badge.textContent = `${n} new`;
      badge.hidden = n === 0;
      links.get('activity').setAttribute('aria-label', n ? `Activity, ${n} new` : 'Activity');
    },
    setUnreadBadge(n) {
      unread.textContent = String(n);
      unread.hidden = n === 0;
      links.get('inbox').setAttribute('aria-label', n ? `Inbox, ${n} unread` : 'Inbox');
    },
  };
}

function companySwitcher(session, onSwitch) {
  if (session.memberships.length < 2) {
    return h('div', { class: 'company', id: 'company-name' }, h('span', { class: 'company-label', text: 'Company' }),
      h('strong', { text: session.membership.companyName ?? `#${session.companyId}` }));
  }
  const select = h('select', { id: 'company-select', onChange: () => onSwitch(select.value) },
    session.memberships.map((m) => h('option', {
      value: String(m.companyId), text: m.companyName ?? `Company ${m.companyId}`,
      selected: String(m.companyId) === String(session.companyId),
    })));
  return h('div', { class: 'company' }, h('label', { class: 'company-label', for: 'company-select', text: 'Company' }), select);
}

function accountMenu(session, onLogout) {
  const me = { name: session.account.name };
  return h('div', { class: 'account' },
    avatar(me, 'sm'),
    h('div', { class: 'account-text' },
      h('span', { class: 'account-name', id: 'account-name', text: session.account.name }),
      h('span', { class: 'account-role', text: session.membership.role === 'admin' ? 'Admin' : 'Agent' })),
    h('button', { type: 'button', class: 'button subtle', id: 'logout', text: 'Log out', onClick: onLogout }));
}

/**
 * The app for one company: loads its data, keeps it live with the realtime
 * client, and shows the page the route names.
 *
 * Order matters: the event head is read *before* the lists, and the stream
 * resumes from that head, so a change committed while the lists load arrives as
 * an event and nothing falls in between (applying is idempotent, see store.js).
 */
import * as api from './api.js';
import { h, refreshTimes, replace } from './dom.js';
import { clearNetworkErrors } from './forms.js';
import { RealtimeClient } from '../realtime/client.js';
import { onRoute } from './router.js';
import { Store } from './store.js';
import { alertNewMessages } from './desktop-alerts.js';
import { activityPage } from './views/activity.js';
import { customersPage } from './views/customers.js';
import { inboxPage } from './views/inbox.js';
import { employeesPage } from './views/employees.js';
import { connectionIndicator } from './views/indicator.js';
import { notificationsMenu } from './views/notifications.js';
import { renderShell } from './views/shell.js';

const PAGES = { inbox: inboxPage, customers: customersPage, employees: employeesPage, activity: activityPage };

/**
 * @param {HTMLElement} root
 * @param {import('./session.js').Session} session
 * @param {{onLogout: () => void, onSwitchCompany: (id: string) => void, onSessionLost: () => void,
 *          invitations: HTMLElement}} hooks `invitations`: the account's pending invitations
 * @param {() => boolean} isCurrent false once the person moved on (another company, logged out)
 *   while this one was loading: then nothing is shown or started
 * @returns {Promise<{dispose: () => void}>}
 */
export async function openWorkspace(root, session, hooks, isCurrent) {
  const store = new Store();
  const head = await api.get('/api/events?wait=0');
  await loadAll(store);
  if (!isCurrent()) return { dispose() {} };
  const client = new RealtimeClient({ companyId: session.companyId, lastEventId: head.headId });
  client.subscribe('*', (envelope) => store.apply(envelope));
  let closed = false;
  const reload = () => loadAll(store, true).catch(() => { if (!closed) setTimeout(reload, 3000); });
  client.onReset(reload);
  client.onStateChange((state) => {
    if (state === 'failed') hooks.onSessionLost();
    if (state === 'live' || state === 'polling') clearNetworkErrors(document);
  });

  const indicator = connectionIndicator(client);
  const notifications = notificationsMenu({ store, session });
  const shell = renderShell(root, { session, indicator: indicator.el, notifications: notifications.el,
    onSwitchCompany: hooks.onSwitchCompany, onLogout: hooks.onLogout, invitations: hooks.invitations });
  const baseTitle = `${session.membership.companyName ?? 'ChatMesh'} · ChatMesh`;
  const showUnread = () => {
    const n = store.inbox.unreadTotal();
    shell.setUnreadBadge(n);
    document.title = n ? `(${n}) ${baseTitle}` : baseTitle;
  };
  const offUnread = store.inbox.on('conversations', showUnread);
  showUnread();
  const offAlerts = alertNewMessages(store);

  const ctx = { store, session, client };
  let page = null;
  let view = null;
  let unseen = 0;
  const offRoute = onRoute((route) => {
    if (route.view !== view) {
      page?.dispose();
      view = route.view;
      page = PAGES[view](shell.main, ctx);
      shell.setActive(view);
      shell.main.focus({ preventScroll: true });
    }
    page.show(route.id);
    if (view === 'activity') shell.setActivityBadge(unseen = 0);
  });
  const offActivity = store.on('activities', ({ added }) => {
    const mine = added && String(added.actorId) === String(session.employeeId);
    if (added && !mine && view !== 'activity') shell.setActivityBadge(++unseen);
  });
  const clock = setInterval(() => refreshTimes(root), 30_000);
  client.connect();

  return {
    dispose() {
      closed = true;
      client.disconnect();
      clearInterval(clock);
      offRoute();
      offActivity();
      offUnread();
      offAlerts();
      page?.dispose();
      indicator.dispose();
      notifications.dispose();
      replace(root, h('p', { class: 'boot', text: 'Loading…' }));
    },
  };
}

/**
 * Loads every list of the company into `store`. After a reset it starts from
 * scratch first, so events arriving during the GETs still merge in.
 */
async function loadAll(store, fresh = false) {
  if (fresh) store.clear();
  const [customers, employees, activities, notifications, conversations, channels, invitations] = await Promise.all([
    api.list('/api/customers'), api.list('/api/employees'),
    api.get('/api/activities?limit=100'), api.get('/api/notifications?limit=100'),
    api.list('/api/conversations'), api.get('/api/channels'), api.get('/api/employees/invitations'),
  ]);
  store.putEmployees(employees.items);
  store.putInvitations(invitations.items);
  store.putCustomers(customers.items, customers.total);
  store.inbox.putChannels(channels.items);
  store.inbox.putConversations(conversations.items, conversations.total);
  store.putActivities(activities.items);
  store.putNotifications(notifications.items);
}

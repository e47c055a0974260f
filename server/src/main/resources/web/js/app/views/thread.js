/**
 * One conversation: the messages (customer left, agent right, newest at the
 * bottom, older pages on scrolling up), each reply's delivery status with a retry
 * for failed ones, the status and assignee, and the reply box.
 *
 * A message arriving while the reader is scrolled up does not move them: it is
 * counted in a "N new messages" pill instead. Opening the thread, or reaching its
 * bottom while the tab is visible, marks it read for the team.
 */
import * as api from '../api.js';
import { avatar, h, reconcile, replace, timeEl } from '../dom.js';
import { field, markNetworkError } from '../forms.js';
import { platformIcon, platformName } from './platform.js';

const PAGE = 50;
const NEAR = 48; // px from an edge that count as "at" it
const DELIVERY = {
  pending: 'Sending…', sent: 'Sent', delivered: 'Delivered', read: 'Read', failed: 'Not delivered',
};

/**
 * @param {HTMLElement} pane
 * @param {string} id the conversation
 * @param {{store: import('../store.js').Store, session: import('../session.js').Session}} ctx
 * @returns {{id: string, dispose: () => void}}
 */
export function threadView(pane, id, { store, session }) {
  const inbox = store.inbox;
  const rendered = new Map();
  let unseen = 0;
  let loadingOlder = false;
  let reading = false;
  let disposed = false;

  const title = h('h2', { class: 'thread-title' });
  const subtitle = h('p', { class: 'muted thread-sub' });
  const statusSelect = h('select', { id: 'thread-status', 'aria-label': 'Conversation status', onChange: () => change({ status: statusSelect.value }, statusSelect) },
    ['open', 'pending', 'closed'].map((s) => h('option', { value: s, text: s[0].toUpperCase() + s.slice(1) })));
  const assigneeSelect = h('select', { id: 'thread-assignee', 'aria-label': 'Assigned to',
    onChange: () => change({ assigneeId: assigneeSelect.value ? Number(assigneeSelect.value) : null }, assigneeSelect) });
  const notice = h('p', { class: 'notice', id: 'thread-notice', role: 'status', hidden: true });
  const headAvatar = h('span');
  const head = h('header', { class: 'thread-head' },
    h('a', { href: '#/inbox', class: 'narrow-only', text: '← All conversations' }),
    h('div', { class: 'thread-who' }, headAvatar, h('div', { class: 'thread-names' }, title, subtitle)),
    h('div', { class: 'thread-controls' }, statusSelect, assigneeSelect));

  const older = h('button', { type: 'button', class: 'link-button load-older', id: 'load-older', text: 'Load older messages',
    hidden: true, onClick: () => loadOlder() });
  const list = h('ol', { class: 'messages', id: 'messages', 'aria-label': 'Messages' });
  const scroller = h('div', { class: 'thread-scroll', id: 'thread-scroll', tabindex: '0', role: 'log', 'aria-label': 'Messages' },
    older, list);
  const pill = h('button', { type: 'button', class: 'new-pill', id: 'new-messages', hidden: true,
    onClick: () => { toBottom(); reply.focus(); } });

  const reply = h('textarea', { name: 'content', id: 'reply', rows: 2, maxlength: 2000, placeholder: 'Write a reply… (Enter sends, Shift+Enter for a new line)' });
  const send = h('button', { type: 'submit', class: 'button primary', id: 'send', text: 'Send' });
  const cannot = h('p', { class: 'hint', id: 'reply-disabled', hidden: true,
    text: 'Replies cannot be sent: this conversation’s channel was removed or has no access token.' });
  const replyError = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'reply-form', id: 'reply-form', novalidate: true },
    field('Reply', reply), cannot, replyError, h('div', { class: 'actions' }, send));
  form.querySelector('label').classList.add('visually-hidden');
  form.addEventListener('submit', (ev) => { ev.preventDefault(); submit(); });
  reply.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.ctrlKey && !ev.altKey && !ev.metaKey && !ev.isComposing) {
      ev.preventDefault();
      submit();
    }
  });

  const article = h('article', { class: 'thread', id: 'thread', dataset: { id } }, head, notice, scroller, pill, form);
  replace(pane, article);

  const conversation = () => inbox.conversations.get(id);
  const say = (text, error = null) => {
    notice.textContent = text ?? '';
    notice.hidden = !text;
    markNetworkError(notice, error);
  };
  const atBottom = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < NEAR;

  function toBottom() {
    scroller.scrollTop = scroller.scrollHeight;
    unseen = 0;
    renderPill();
    markRead();
  }

  function renderPill() {
    pill.hidden = unseen === 0;
    pill.textContent = unseen === 1 ? '1 new message ↓' : `${unseen} new messages ↓`;
  }

  function renderHead() {
    const c = conversation();
    if (!c) {
      replace(title, 'Loading…');
      return;
    }
    article.dataset.status = c.status;
    replace(headAvatar, avatar(c.customer, 'md'));
    replace(title, h('a', { href: `#/customers/${c.customerId}`, id: 'thread-name', text: c.customer?.name ?? 'Customer' }));
    replace(subtitle, platformIcon(c.platform), ` ${platformName(c.platform)}`);
    if (!statusSelect.disabled) statusSelect.value = c.status;
    const employees = [...store.employees.values()].sort((a, b) => a.name.localeCompare(b.name));
    if (!assigneeSelect.disabled && document.activeElement !== assigneeSelect) {
      replace(assigneeSelect, h('option', { value: '', text: 'Unassigned' }),
        employees.map((e) => h('option', { value: String(e.id), text: e.name })));
      assigneeSelect.value = c.assigneeId == null ? '' : String(c.assigneeId);
    }
    const canReply = c.canReply !== false;
    reply.disabled = !canReply;
    send.disabled = !canReply;
    cannot.hidden = canReply;
    if (canReply) reply.removeAttribute('aria-describedby');
    else reply.setAttribute('aria-describedby', cannot.id);
  }

  /** Renders the loaded messages, keeping the reader's place (see the file comment). */
  let shownName;
  function renderMessages({ prepended = false, added = null } = {}) {
    const stick = atBottom();
    const height = scroller.scrollHeight;
    const top = scroller.scrollTop;
    const t = inbox.thread(id);
    // A customer's bubbles carry their name: a rename gives them new keys, so they re-render.
    shownName = conversation()?.customer?.name;
    reconcile(list, t.messages, (m) => (m.sender === 'customer' ? `${m.id}:${shownName}` : String(m.id)),
      (m) => m, item, rendered);
    older.hidden = !t.hasMore;
    if (prepended) {
      scroller.scrollTop = top + (scroller.scrollHeight - height);
    } else if (added) {
      const mine = added.sender === 'agent' && String(added.authorId) === String(session.employeeId);
      if (stick || mine) toBottom();
      else {
        unseen++;
        renderPill();
      }
    } else if (stick) scroller.scrollTop = scroller.scrollHeight;
  }

  function item(m) {
    const c = conversation();
    const fromCustomer = m.sender === 'customer';
    const who = fromCustomer ? (c?.customer?.name ?? 'Customer') : (m.author?.name ?? 'Sent from the platform');
    const status = m.deliveryStatus;
    return h('li', { class: `message ${fromCustomer ? 'from-customer' : 'from-agent'}`, dataset: { id: m.id, status: status ?? '' } },
      h('div', { class: 'bubble' }, h('p', { class: 'message-text', text: m.content })),
      h('div', { class: 'message-meta' },
        h('span', { class: 'message-author', text: who }),
        timeEl(m.sentAt ?? m.createdAt),
        status ? h('span', { class: `delivery delivery-${status}`, text: DELIVERY[status] ?? status }) : null),
      status === 'failed' ? h('div', { class: 'delivery-failure' },
        h('span', { class: 'delivery-error', text: m.deliveryError || 'The platform refused the message.' }),
        h('button', { type: 'button', class: 'link-button retry', text: 'Retry', 'aria-label': 'Retry sending this message',
          onClick: (ev) => retry(m, ev.currentTarget) })) : null);
  }

  async function submit() {
    const content = reply.value.trim();
    const c = conversation();
    if (!content || send.disabled || c?.canReply === false) return;
    send.disabled = true;
    replyError.textContent = '';
    try {
      const sent = await api.post(`/api/conversations/${id}/messages`, { content });
      inbox.putMessage(sent);
      reply.value = '';
      toBottom();
    } catch (error) {
      replyError.textContent = error.message;
      markNetworkError(replyError, error);
      if (error.status === 409) reloadConversation();
    } finally {
      send.disabled = conversation()?.canReply === false;
      reply.focus();
    }
  }

  async function retry(m, button) {
    button.disabled = true;
    try {
      inbox.putMessage(await api.post(`/api/conversations/${id}/messages/${m.id}/retry`));
    } catch (error) {
      say(error.message, error);
      button.disabled = false;
    }
  }

  /** Saves a status or assignee change; a colleague's newer change is shown, never overwritten. */
  async function change(fields, select) {
    const c = conversation();
    if (!c) return;
    select.disabled = true;
    try {
      inbox.putConversations([await api.request('PATCH', `/api/conversations/${id}`, { ...fields, version: c.version })]);
      say(null);
    } catch (error) {
      if (error.status === 409) {
        await reloadConversation();
        const now = conversation();
        say(`A colleague changed this conversation just before you; yours was not saved. It is now ${now?.status}, `
          + `${now?.assignee ? `assigned to ${now.assignee.name}` : 'unassigned'}. Choose again if you still want your change.`);
      } else say(error.message, error);
    } finally {
      select.disabled = false;
      renderHead();
      select.focus();
    }
  }

  function markRead() {
    const c = conversation();
    if (reading || disposed || !c || !(c.unreadCount > 0) || document.visibilityState === 'hidden' || !atBottom()) return;
    reading = true;
    api.post(`/api/conversations/${id}/read`).then((updated) => inbox.putConversations([updated]), () => {})
      .finally(() => { reading = false; });
  }

  async function loadNewest() {
    try {
      const page = await api.get(`/api/conversations/${id}/messages?limit=${PAGE}`);
      if (disposed) return;
      inbox.putPage(id, page);
      renderMessages();
      toBottom();
    } catch (error) {
      say(error.status === 404 ? 'This conversation no longer exists.' : error.message, error);
    }
  }

  async function loadOlder() {
    const t = inbox.thread(id);
    if (loadingOlder || !t.hasMore || t.oldestId == null) return;
    loadingOlder = true;
    older.disabled = true;
    try {
      const page = await api.get(`/api/conversations/${id}/messages?limit=${PAGE}&before=${t.oldestId}`);
      if (disposed) return;
      inbox.putPage(id, page, { older: true });
      renderMessages({ prepended: true });
    } catch (error) {
      say(error.message, error);
    } finally {
      loadingOlder = false;
      older.disabled = false;
    }
  }

  function reloadConversation() {
    return api.get(`/api/conversations/${id}`).then((c) => inbox.putConversations([c]), (error) => {
      if (error.status === 404) say('This conversation no longer exists.');
    });
  }

  scroller.addEventListener('scroll', () => {
    if (scroller.scrollTop < NEAR) loadOlder();
    if (atBottom() && unseen) {
      unseen = 0;
      renderPill();
    }
    if (atBottom()) markRead();
  });
  const onVisible = () => markRead();
  document.addEventListener('visibilitychange', onVisible);
  const offMessages = inbox.on('messages', (d) => {
    if (d.cleared) {
      renderMessages();
      return loadNewest();
    }
    if (d.conversationId !== id || d.page) return;
    renderMessages({ added: d.added ? d.message : null });
  });
  const offConversations = inbox.on('conversations', (d) => {
    if (d.cleared) return reloadConversation();
    if (d.id && d.id !== id) return;
    renderHead();
    if (conversation()?.customer?.name !== shownName) renderMessages();
    if (!unseen) markRead();
  });
  const offEmployees = store.on('employees', renderHead);


  renderHead();
  renderMessages();
  if (!conversation()) reloadConversation();
  if (!inbox.thread(id).loaded) loadNewest();
  else toBottom();
  return {
    id,
    dispose() {
      disposed = true;
      offMessages();
      offConversations();
      offEmployees();
      document.removeEventListener('visibilitychange', onVisible);
    },
  };
}

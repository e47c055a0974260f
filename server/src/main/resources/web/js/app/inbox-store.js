/**
 * The inbox as this tab knows it: channels, conversations (newest activity first)
 * and the loaded part of each thread. Like store.js, applying is idempotent — by
 * id and version — so a reply's answer, its `message_sent` and a reload of the
 * same page merge into one message.
 *
 * Topics: 'conversations', 'messages' ({conversationId, id, added, message}), 'channels'.
 */
import { isNewer } from '../realtime/ids.js';
import { Listeners } from '../realtime/listeners.js';

/** The conversation's time of last activity in ms: its last message, else its creation. */
export function activityTime(c) {
  const t = Date.parse(c?.lastMessageAt ?? c?.createdAt ?? '');
  return Number.isFinite(t) ? t : 0;
}

/** Newest activity first, then the higher id (the server's order). */
export function compareConversations(a, b) {
  return (activityTime(b) - activityTime(a)) || (Number(b.id) - Number(a.id));
}

/**
 * Whether a conversation belongs in a list view.
 * @param {object} c
 * @param {{view?: 'all'|'mine'|'unassigned', status?: string, me?: string|number, q?: string}} filter
 */
export function matchesFilter(c, { view = 'all', status = '', me = null, q = '' } = {}) {
  if (status && c.status !== status) return false;
  if (view === 'mine' && String(c.assigneeId ?? '') !== String(me ?? '')) return false;
  if (view === 'unassigned' && c.assigneeId != null) return false;
  const query = q.trim().toLowerCase();
  if (!query) return true;
  return [c.customer?.name, c.lastMessagePreview].some((v) => v && String(v).toLowerCase().includes(query));
}

export class InboxStore {
  conversations = new Map();
  channels = new Map();
  /** How many conversations the server has (the list may hold fewer). */
  conversationsTotal = 0;
  #threads = new Map(); // conversation id → {messages: Map, loaded, hasMore}
  #deletedChannels = new Set();
  #listeners = new Map();

  /** Listens to a topic; returns unsubscribe. */
  on(topic, callback) {
    if (!this.#listeners.has(topic)) this.#listeners.set(topic, new Listeners());
    return this.#listeners.get(topic).add(callback);
  }

  #emit(topic, detail = {}) {
    this.#listeners.get(topic)?.emit(detail);
  }

  /** Forgets everything (after a history reset; the lists are loaded again next). */
  clear() {
    this.conversations.clear();
    this.channels.clear();
    this.#threads.clear();
    this.#deletedChannels.clear();
    this.conversationsTotal = 0;
    for (const topic of this.#listeners.keys()) this.#emit(topic, { cleared: true });
  }

  /** Merges loaded conversations: a list with its `total`, or single answers without. */
  putConversations(items, total = null) {
    let changed = false;
    for (const c of items) changed = this.#putConversation(c) || changed;
    if (total !== null) this.conversationsTotal = Math.max(total, this.conversations.size);
    if (changed || total !== null) this.#emit('conversations', {});
  }

  #putConversation(c) {
    if (c?.id == null) return false;
    const id = String(c.id);
    if (!isNewer(this.conversations.get(id), c)) return false;
    if (!this.conversations.has(id)) this.conversationsTotal++;
    this.conversations.set(id, c);
    return true;
  }

  putChannels(items) {
    for (const ch of items) {
      const id = String(ch?.id);
      if (ch?.id == null || this.#deletedChannels.has(id) || !isNewer(this.channels.get(id), ch)) continue;
      this.channels.set(id, ch);
      if (typeof ch.canSend === 'boolean') this.#patchCanReply(id, ch.canSend);
    }
    this.#emit('channels', {});
  }

  /** Whether a conversation can be replied to is its channel's: follows the channel's changes. */
  #patchCanReply(channelId, canReply) {
    let any = false;
    for (const [key, c] of this.conversations) {
      if (String(c.channelId) === channelId && c.canReply !== canReply) {
        this.conversations.set(key, { ...c, canReply });
        any = true;
      }
    }
    if (any) this.#emit('conversations', {});
  }

  /** Conversations for a list view, newest activity first. */
  list(filter = {}) {
    return [...this.conversations.values()].filter((c) => matchesFilter(c, filter)).sort(compareConversations);
  }

  /** Unread customer messages over every loaded conversation (the nav badge and tab title). */
  unreadTotal() {
    let n = 0;
    for (const c of this.conversations.values()) n += Math.max(0, Number(c.unreadCount) || 0);
    return n;
  }

  /**
   * Merges one page of a thread (`GET …/messages`, newest first). The newest page says
   * whether older ones exist only when nothing older was loaded yet; an older page always does.
   * @param {string|number} conversationId
   * @param {{items: object[], hasMore: boolean}} page
   * @param {{older?: boolean}} [options]
   */
  putPage(conversationId, { items, hasMore }, { older = false } = {}) {
    const t = this.#thread(conversationId);
    for (const m of items) this.#putMessage(t, m);
    if (older || !t.loaded) t.hasMore = Boolean(hasMore);
    t.loaded = true;
    this.#emit('messages', { conversationId: String(conversationId), page: true });
  }

  /** Merges one message (our reply's answer, a retry's answer). */
  putMessage(m) {
    if (m?.conversationId == null) return;
    const t = this.#thread(m.conversationId);
    const added = !t.messages.has(String(m.id));
    if (this.#putMessage(t, m)) this.#emit('messages', { conversationId: String(m.conversationId), id: String(m.id), added, message: m });
  }

  /** The loaded messages of a thread, oldest first, and whether older ones exist. */
  thread(conversationId) {
    const t = this.#threads.get(String(conversationId));
    if (!t) return { messages: [], loaded: false, hasMore: false, oldestId: null };
    const messages = [...t.messages.values()].sort((a, b) => Number(a.id) - Number(b.id));
    return { messages, loaded: t.loaded, hasMore: t.hasMore, oldestId: messages[0]?.id ?? null };
  }

  /** Applies a realtime envelope of the inbox's types; false when it is not one. */
  apply({ type, data }) {
    if (!data || typeof data !== 'object') return false;
    switch (type) {
      case 'conversation_created':
      case 'conversation_updated':
        if (this.#putConversation(data)) this.#emit('conversations', { id: String(data.id), added: type === 'conversation_created' });
        return true;
      case 'message_received':
      case 'message_sent':
      case 'message_updated':
        this.putMessage(data);
        return true;
      case 'channel_created':
      case 'channel_updated':
        this.putChannels([data]);
        return true;
      case 'channel_deleted':
        this.#deletedChannels.add(String(data.id));
        this.channels.delete(String(data.id));
        this.#patchCanReply(String(data.id), false);
        this.#emit('channels', { id: String(data.id) });
        return true;
      default:
        return false;
    }
  }

  /** A customer changed: conversations embed it whole. */
  patchCustomer(customer) {
    let any = false;
    for (const [key, c] of this.conversations) {
      if (String(c.customerId) === String(customer.id) && c.customer !== customer) {
        this.conversations.set(key, { ...c, customer });
        any = true;
      }
    }
    if (any) this.#emit('conversations', {});
  }

  /** An employee changed: conversations embed their assignee, messages their author. */
  patchEmployee(employee) {
    const id = String(employee.id);
    let conversations = false;
    for (const [key, c] of this.conversations) {
      if (String(c.assigneeId) === id) {
        this.conversations.set(key, { ...c, assignee: employee });
        conversations = true;
      }
    }
    for (const [conversationId, t] of this.#threads) {
      let any = false;
      for (const [key, m] of t.messages) {
        if (String(m.authorId) === id) {
          t.messages.set(key, { ...m, author: employee });
          any = true;
        }
      }
      if (any) this.#emit('messages', { conversationId });
    }
    if (conversations) this.#emit('conversations', {});
  }

  #thread(conversationId) {
    const id = String(conversationId);
    if (!this.#threads.has(id)) this.#threads.set(id, { messages: new Map(), loaded: false, hasMore: false });
    return this.#threads.get(id);
  }

  #putMessage(t, m) {
    if (m?.id == null) return false;
    const id = String(m.id);
    if (!isNewer(t.messages.get(id), m)) return false;
    t.messages.set(id, m);
    return true;
  }
}

import { defineStore } from 'pinia';
import { ref } from 'vue';
import { toApiError, type ApiError } from '../api/api-error';
import { chatApi } from '../api/chat.api';
import { CHAT_LIMITS, type Message } from '../api/types';
import { bodyProblem, compareIds, mergeMessages, newestSent, type ChatEntry } from '../lib/chat-entries';
import { randomKey } from '../lib/ids';
import { useAuthStore } from './auth';
import { useOrdersStore, type LoadState } from './orders';

export interface Conversation {
  /** Oldest first; ours still on the way at the end. */
  entries: ChatEntry[];
  /** `before=` for the next older page; null when the start is loaded. */
  nextCursor: string | null;
  state: LoadState;
  error: ApiError | null;
  loadingEarlier: boolean;
  earlierError: ApiError | null;
  /** The panel is on screen in a visible tab (set by the panel): what arrives counts as read. */
  visible: boolean;
  /** The newest message id the server has been told we read. */
  readUpTo: string | null;
}

export const READ_DEBOUNCE_MS = 500;
const NO_ANSWER = 'The server could not be reached.';

const emptyConversation = (): Conversation => ({
  entries: [], nextCursor: null, state: 'idle', error: null, loadingEarlier: false, earlierError: null, visible: false, readUpTo: null,
});

/**
 * Each order's conversation (API.md "Chat"), keyed by order id. Messages come in from page
 * loads, our own posts and live events (`receive`), always merged by id, so nothing shows
 * twice. A post keeps its clientId for every retry, so a retry never duplicates either.
 */
export const useChatStore = defineStore('chat', () => {
  const conversations = ref<Record<string, Conversation>>({});
  const readTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Bumped by $reset: answers to requests of an earlier session are dropped. */
  let generation = 0;

  const find = (orderId: string, key: string) => conversations.value[orderId]?.entries.find((e) => e.key === key);
  const isVisible = (orderId: string) => conversations.value[orderId]?.visible ?? false;

  function conversation(orderId: string): Conversation {
    if (!conversations.value[orderId]) conversations.value[orderId] = emptyConversation();
    return conversations.value[orderId]!;
  }

  /** The newest page; a conversation already held is brought up to date (or replaced when a gap opened). */
  async function load(orderId: string): Promise<void> {
    const mine = generation;
    const c = conversation(orderId);
    if (c.state === 'loading') return;
    const first = c.state !== 'ready';
    if (first) c.state = 'loading';
    c.error = null;
    try {
      const page = await chatApi.list(orderId, { limit: CHAT_LIMITS.pageSize }, { quietErrors: true });
      if (mine !== generation) return;
      const held = newestSent(c.entries);
      const oldest = page.items[0];
      const gap = !!held && !!oldest && page.nextCursor !== null && compareIds(oldest.id, held.id!) > 0;
      const keep = held && !gap ? c.entries : c.entries.filter((e) => e.id === null);
      c.entries = mergeMessages(keep, page.items).entries;
      if (!held || gap) c.nextCursor = page.nextCursor;
      // An order known to have nothing unread: what is loaded now is read already.
      if (first && useOrdersStore().byId[orderId]?.unreadCount === 0) c.readUpTo = newestSent(c.entries)?.id ?? null;
      c.state = 'ready';
      scheduleRead(orderId);
    } catch (err) {
      if (mine !== generation) return;
      c.error = toApiError(err);
      if (first) c.state = 'error';
    }
  }

  async function loadEarlier(orderId: string): Promise<void> {
    const mine = generation;
    const c = conversations.value[orderId];
    if (!c?.nextCursor || c.loadingEarlier) return;
    c.loadingEarlier = true;
    c.earlierError = null;
    try {
      const page = await chatApi.list(orderId, { before: c.nextCursor, limit: CHAT_LIMITS.pageSize }, { quietErrors: true });
      if (mine !== generation) return;
      c.entries = mergeMessages(c.entries, page.items).entries;
      c.nextCursor = page.nextCursor;
    } catch (err) {
      if (mine === generation) c.earlierError = toApiError(err);
    } finally {
      if (mine === generation) c.loadingEarlier = false;
    }
  }

  /** Adds one of ours and posts it; returns why it cannot be sent, or null. */
  function send(orderId: string, text: string): string | null {
    // Surrounding blank lines and spaces are never meant; inside, the text is kept as typed.
    const body = text.trim();
    const problem = bodyProblem(body);
    if (problem) return problem;
    const auth = useAuthStore();
    const clientId = randomKey();
    const author = { id: auth.userId ?? '', name: auth.user?.name ?? 'You', role: auth.role ?? 'customer' };
    const entry: ChatEntry = {
      key: `c:${clientId}`, id: null, clientId, author, body, createdAt: new Date().toISOString(), state: 'sending', error: null, retryable: false,
    };
    const c = conversation(orderId);
    c.entries = [...c.entries, entry];
    void post(orderId, entry.key);
    return null;
  }

  async function post(orderId: string, key: string): Promise<void> {
    const mine = generation;
    const entry = find(orderId, key);
    if (!entry || entry.id !== null || !entry.clientId) return;
    entry.state = 'sending';
    entry.error = null;
    try {
      const { message } = await chatApi.post(orderId, entry.body, entry.clientId, { quietErrors: true });
      const c = conversations.value[orderId];
      if (mine === generation && c) c.entries = mergeMessages(c.entries, [message]).entries;
    } catch (err) {
      const failed = mine === generation ? find(orderId, key) : undefined;
      if (!failed || failed.id !== null) return; // a live event has delivered it meanwhile
      const error = toApiError(err);
      failed.state = 'failed';
      failed.retryable = error.status === 0 || error.status === 429 || error.status >= 500;
      failed.error = error.status === 0 ? NO_ANSWER : error.message;
    }
  }

  /** Re-posts with the SAME clientId: if the first attempt had landed, the server answers with that message. */
  function retry(orderId: string, key: string): void {
    const entry = find(orderId, key);
    if (entry?.state === 'failed') void post(orderId, key);
  }

  function discard(orderId: string, key: string): void {
    const c = conversations.value[orderId];
    if (c) c.entries = c.entries.filter((e) => e.key !== key || e.state !== 'failed');
  }

  /** A `message.created` event: appended when that conversation is loaded; true when it was new here. */
  function receive(message: Message): boolean {
    const c = conversations.value[message.orderId];
    if (!c || c.state !== 'ready' || c.entries.some((e) => e.id === message.id)) return false;
    c.entries = mergeMessages(c.entries, [message]).entries;
    scheduleRead(message.orderId);
    return true;
  }

  function setVisible(orderId: string, visible: boolean): void {
    const c = conversation(orderId);
    // Leaving within the debounce: what arrived was on screen, so it was read; send it now
    // (markRead checks visibility before its first await, i.e. before the line below).
    if (!visible && c.visible && readTimers.has(orderId)) {
      clearTimeout(readTimers.get(orderId));
      void markRead(orderId);
    }
    c.visible = visible;
    if (visible) scheduleRead(orderId);
  }

  /** The newest message to mark read, when something from someone else is newer than the marker. */
  function readTarget(c: Conversation): string | null {
    if (!c.visible || c.state !== 'ready') return null;
    const me = useAuthStore().userId;
    const unseen = (e: ChatEntry) => e.id !== null && (c.readUpTo === null || compareIds(e.id, c.readUpTo) > 0);
    if (!c.entries.some((e) => unseen(e) && e.author.id !== me)) return null;
    return newestSent(c.entries)?.id ?? null;
  }

  /** Debounced: a burst of messages (or of scrolling) sends one read marker. */
  function scheduleRead(orderId: string): void {
    const c = conversations.value[orderId];
    if (!c || !readTarget(c)) return;
    clearTimeout(readTimers.get(orderId));
    readTimers.set(orderId, setTimeout(() => void markRead(orderId), READ_DEBOUNCE_MS));
  }

  async function markRead(orderId: string): Promise<void> {
    readTimers.delete(orderId);
    const c = conversations.value[orderId];
    const target = c ? readTarget(c) : null;
    if (!c || !target) return;
    const previous = c.readUpTo;
    c.readUpTo = target;
    useOrdersStore().clearUnread(orderId);
    try {
      await chatApi.markRead(orderId, target, { quietErrors: true });
      // The server counts what others wrote after the marker; say so here too, so an orders
      // answer read before the marker landed cannot bring the badge back.
      const me = useAuthStore().userId;
      const after = c.entries.filter((e) => e.id !== null && compareIds(e.id, target) > 0 && e.author.id !== me).length;
      useOrdersStore().setUnread(orderId, after);
    } catch {
      // Not recorded: the next message or the next visit tries again.
      if (c.readUpTo === target) c.readUpTo = previous;
    }
  }

  function $reset(): void {
    generation++;
    for (const timer of readTimers.values()) clearTimeout(timer);
    readTimers.clear();
    conversations.value = {};
  }

  return { conversations, load, loadEarlier, send, retry, discard, receive, setVisible, isVisible, $reset };
});

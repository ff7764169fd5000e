import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { API_BASE_URL, apiUrl, isApiRequest } from '../api/http';
import type { Message, OrderSummary } from '../api/types';
import { openEventStream, type EventStream, type StreamStatus } from '../lib/event-stream';
import type { SseEvent } from '../lib/sse-parser';
import { useAuthStore } from './auth';
import { useChatStore } from './chat';
import { useOrdersStore } from './orders';

export const EVENTS_PATH = '/api/events';

/**
 * The one live-events connection (API.md "Live events"), following the session: opened when
 * a token appears, re-opened with the renewed token (resuming from the last event id),
 * closed on logout (an `onLogout` hook and $reset). A 401 on the stream ends the session the
 * way an API 401 does. Events go into the orders and chat stores, so every screen updates.
 */
export const useLiveStore = defineStore('live', () => {
  const auth = useAuthStore();
  const status = ref<StreamStatus | 'idle'>('idle');
  const lastEventId = ref<string | null>(null);
  let stream: EventStream | null = null;
  let streamToken: string | null = null;

  function dispatch(event: SseEvent): void {
    lastEventId.value = event.lastEventId || null;
    if (event.type === 'order.created' || event.type === 'order.updated') {
      const order = JSON.parse(event.data) as OrderSummary;
      useOrdersStore().applyOrderEvent(order);
      // The event's unreadCount may predate our read marker; an open conversation is read.
      if (useChatStore().isVisible(order.id)) useOrdersStore().clearUnread(order.id);
    } else if (event.type === 'message.created') {
      const { orderId, message } = JSON.parse(event.data) as { orderId: string; message: Message };
      const chat = useChatStore();
      const isNew = chat.receive({ ...message, orderId });
      const fromOthers = message.author.id !== auth.userId;
      const alreadyHeld = !isNew && chat.conversations[orderId]?.state === 'ready';
      if (fromOthers && !alreadyHeld && !chat.isVisible(orderId)) useOrdersStore().bumpUnread(orderId);
    }
  }

  /**
   * A stream opened with nothing to resume from starts at "now": whatever changed between
   * the screens' first loads and that moment was never sent. Fetching what is on screen once
   * more closes that gap; later reconnections resume with Last-Event-ID instead.
   */
  function refreshWhatIsShown(): void {
    const orders = useOrdersStore();
    // A list still loading may have been read before the stream's starting point: read it again.
    if (orders.listState === 'ready' || orders.listState === 'loading') void orders.loadList();
    const chat = useChatStore();
    for (const [orderId, c] of Object.entries(chat.conversations)) if (c.visible && c.state === 'ready') void chat.load(orderId);
  }

  function connect(token: string): void {
    // The stream's own resume point also counts id-only blocks (no event yet, but a position).
    if (stream?.lastEventId) lastEventId.value = stream.lastEventId;
    stream?.close();
    streamToken = token;
    // SECURITY.md 20, as for axios: the token goes to the API's own origin only.
    const headers: Record<string, string> = isApiRequest({ url: EVENTS_PATH, baseURL: API_BASE_URL }) ? { Authorization: `Bearer ${token}` } : {};
    stream = openEventStream({
      url: apiUrl(EVENTS_PATH),
      headers,
      lastEventId: lastEventId.value,
      onEvent: dispatch,
      onStatus: (next) => {
        if (streamToken !== token) return;
        status.value = next;
        if (next === 'open' && !stream?.lastEventId) refreshWhatIsShown();
      },
      onUnauthorized: () => {
        // Only a rejection of the current token ends the session (a renewed one has its own stream).
        if (auth.token === token) void auth.logout({ reason: 'unauthorized' });
      },
    });
  }

  function stop(): void {
    stream?.close();
    stream = null;
    streamToken = null;
    status.value = 'idle';
  }

  /** Follows the session: a new token (sign-in, renewal, another tab) reconnects; none stops. */
  function sync(token: string | null): void {
    if (!token) stop();
    else if (token !== streamToken) connect(token);
  }

  auth.onLogout(stop);
  watch(() => auth.token, sync, { immediate: true, flush: 'sync' });

  function $reset(): void {
    stop();
    lastEventId.value = null;
  }

  return { status, lastEventId, stop, $reset };
});

import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ApiError } from '../api/api-error';
import { ordersApi } from '../api/orders.api';
import type { Order, OrderStatus, OrderSummary, PlaceOrderBody } from '../api/types';

/** An order as the store keeps it: `history` only once the detail has been fetched for this version. */
export type StoredOrder = OrderSummary & { history?: Order['history'] };
export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

const PAGE_SIZE = 20;

/**
 * Orders by id, plus the list the Orders page shows (ids, newest first). `upsert` and
 * `applyOrderEvent` are the single way data comes in, so the live-events reader can keep
 * lists and details current without a reload.
 */
export const useOrdersStore = defineStore('orders', () => {
  const byId = ref<Record<string, StoredOrder>>({});
  const listIds = ref<string[]>([]);
  const statusFilter = ref<OrderStatus | null>(null);
  const nextCursor = ref<string | null>(null);
  const listState = ref<LoadState>('idle');
  const listError = shallowRef<ApiError | null>(null);
  const loadingMore = ref(false);
  const moreError = shallowRef<ApiError | null>(null);
  /** Bumped by every fresh list load, so a slow answer for an old filter is dropped. */
  let listGeneration = 0;
  /**
   * Bumped by every change that did not come from a list answer (order event, unread bump
   * or reset, a read marker the server recorded). A list answer read before such a change
   * would silently undo it (a new order missing, an unread badge back or wrong), so a load
   * that saw changes while in flight drops its answer and asks again.
   */
  let liveChanges = 0;
  const MAX_LOAD_ATTEMPTS = 3;

  const list = computed(() => listIds.value.flatMap((id) => byId.value[id] ?? []));

  /** Stores an order; an older version than the one we hold is ignored (events can arrive late). */
  function upsert(order: OrderSummary | Order): StoredOrder {
    const held = byId.value[order.id];
    if (held && held.version > order.version) return held;
    const history = 'history' in order ? order.history : held?.version === order.version ? held.history : undefined;
    const stored: StoredOrder = { ...order, history };
    byId.value[order.id] = stored;
    return stored;
  }

  const matchesFilter = (order: OrderSummary) => statusFilter.value === null || order.status === statusFilter.value;

  /** For `order.created` / `order.updated` events: update in place, add new ones on top, drop ones the filter no longer shows. */
  function applyOrderEvent(order: OrderSummary | Order): StoredOrder {
    liveChanges += 1;
    const stored = upsert(order);
    const listed = listIds.value.includes(order.id);
    if (listed && !matchesFilter(stored)) listIds.value = listIds.value.filter((id) => id !== order.id);
    else if (!listed && listState.value === 'ready' && matchesFilter(stored)) listIds.value = [order.id, ...listIds.value];
    return stored;
  }

  /** Chat bookkeeping: a message from someone else arrived while that conversation was not on screen. */
  function bumpUnread(orderId: string): void {
    liveChanges += 1;
    const held = byId.value[orderId];
    if (held) held.unreadCount += 1;
  }

  /** Chat bookkeeping: the conversation has been seen (its read marker goes to the server separately). */
  function clearUnread(orderId: string): void {
    setUnread(orderId, 0);
  }

  /** Chat bookkeeping: what the client knows to be unread (e.g. once the server has a read marker). */
  function setUnread(orderId: string, count: number): void {
    liveChanges += 1;
    const held = byId.value[orderId];
    if (held && held.unreadCount !== count) held.unreadCount = count;
  }

  async function loadList(status: OrderStatus | null = statusFilter.value, attempt = 1): Promise<void> {
    const generation = ++listGeneration;
    if (status !== statusFilter.value) listIds.value = [];
    statusFilter.value = status;
    listState.value = 'loading';
    listError.value = moreError.value = null;
    const changesBefore = liveChanges;
    try {
      const page = await ordersApi.list({ status: status ?? undefined, limit: PAGE_SIZE }, { quietErrors: true });
      if (generation !== listGeneration) return;
      // The changes were committed before we heard of them, so a new request sees them.
      if (liveChanges !== changesBefore && attempt < MAX_LOAD_ATTEMPTS) return await loadList(status, attempt + 1);
      listIds.value = page.items.map((o) => upsert(o).id);
      nextCursor.value = page.nextCursor;
      listState.value = 'ready';
    } catch (err) {
      if (generation !== listGeneration) return;
      listError.value = err as ApiError;
      listState.value = 'error';
    }
  }

  async function loadMore(): Promise<void> {
    const cursor = nextCursor.value;
    if (!cursor || loadingMore.value) return;
    const generation = listGeneration;
    loadingMore.value = true;
    moreError.value = null;
    try {
      const page = await ordersApi.list({ status: statusFilter.value ?? undefined, cursor, limit: PAGE_SIZE }, { quietErrors: true });
      if (generation !== listGeneration) return;
      const known = new Set(listIds.value);
      listIds.value = [...listIds.value, ...page.items.map((o) => upsert(o).id).filter((id) => !known.has(id))];
      nextCursor.value = page.nextCursor;
    } catch (err) {
      if (generation === listGeneration) moreError.value = err as ApiError;
    } finally {
      if (generation === listGeneration) loadingMore.value = false;
    }
  }

  async function fetchOne(id: string): Promise<StoredOrder> {
    return upsert(await ordersApi.get(id, { quietErrors: true }));
  }

  async function place(body: PlaceOrderBody, idempotencyKey: string): Promise<StoredOrder> {
    return applyOrderEvent(await ordersApi.place(body, idempotencyKey, { quietErrors: true }));
  }

  async function changeStatus(order: StoredOrder, status: OrderStatus, note?: string): Promise<StoredOrder> {
    return applyOrderEvent(await ordersApi.changeStatus(order.id, { status, note }, order.version, { quietErrors: true }));
  }

  function $reset(): void {
    listGeneration++;
    byId.value = {};
    listIds.value = [];
    statusFilter.value = nextCursor.value = listError.value = moreError.value = null;
    listState.value = 'idle';
    loadingMore.value = false;
  }

  return {
    byId, list, statusFilter, nextCursor, listState, listError, loadingMore, moreError,
    upsert, applyOrderEvent, bumpUnread, clearUnread, setUnread, loadList, loadMore, fetchOne, place, changeStatus, $reset,
  };
});

import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ApiError } from '../api/api-error';
import { usersApi, type CreateUserInput, type UserQuery } from '../api/users.api';
import type { AdminUser } from '../api/types';
import type { LoadState } from './orders';

const PAGE_SIZE = 20;

/** The admin's user list: search, role filter, pages, create, disable/enable. */
export const useUsersStore = defineStore('users', () => {
  const items = ref<AdminUser[]>([]);
  const query = ref<Pick<UserQuery, 'q' | 'role'>>({});
  const nextCursor = ref<string | null>(null);
  const state = ref<LoadState>('idle');
  const error = shallowRef<ApiError | null>(null);
  const loadingMore = ref(false);
  const moreError = shallowRef<ApiError | null>(null);
  let generation = 0;

  async function load(next: Pick<UserQuery, 'q' | 'role'> = query.value): Promise<void> {
    const mine = ++generation;
    query.value = { q: next.q?.trim() || undefined, role: next.role };
    state.value = 'loading';
    error.value = moreError.value = null;
    try {
      const page = await usersApi.list({ ...query.value, limit: PAGE_SIZE }, { quietErrors: true });
      if (mine !== generation) return;
      items.value = page.items;
      nextCursor.value = page.nextCursor;
      state.value = 'ready';
    } catch (err) {
      if (mine !== generation) return;
      error.value = err as ApiError;
      state.value = 'error';
    }
  }

  async function loadMore(): Promise<void> {
    const cursor = nextCursor.value;
    if (!cursor || loadingMore.value) return;
    const mine = generation;
    loadingMore.value = true;
    moreError.value = null;
    try {
      const page = await usersApi.list({ ...query.value, cursor, limit: PAGE_SIZE }, { quietErrors: true });
      if (mine !== generation) return;
      const known = new Set(items.value.map((u) => u.id));
      items.value = [...items.value, ...page.items.filter((u) => !known.has(u.id))];
      nextCursor.value = page.nextCursor;
    } catch (err) {
      if (mine === generation) moreError.value = err as ApiError;
    } finally {
      if (mine === generation) loadingMore.value = false;
    }
  }

  function replace(user: AdminUser): void {
    items.value = items.value.map((u) => (u.id === user.id ? user : u));
  }

  async function create(input: CreateUserInput): Promise<AdminUser> {
    const user = await usersApi.create(input, { quietErrors: true });
    items.value = [user, ...items.value.filter((u) => u.id !== user.id)];
    return user;
  }

  /** Errors (e.g. 409 for yourself) reach the global notice; the list keeps the server's answer. */
  async function setDisabled(id: string, disabled: boolean): Promise<AdminUser> {
    const user = await usersApi.update(id, { disabled });
    replace(user);
    return user;
  }

  function $reset(): void {
    generation++;
    items.value = [];
    query.value = {};
    nextCursor.value = error.value = moreError.value = null;
    state.value = 'idle';
    loadingMore.value = false;
  }

  return { items, query, nextCursor, state, error, loadingMore, moreError, load, loadMore, create, setDisabled, $reset };
});

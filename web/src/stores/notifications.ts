import { defineStore } from 'pinia';
import { ref } from 'vue';

export type NoticeKind = 'error' | 'success' | 'info';

export interface Notice {
  id: number;
  kind: NoticeKind;
  text: string;
}

const MAX_VISIBLE = 3;
/** Errors stay until dismissed (people read at their own pace); the rest fade after a while. */
const AUTO_DISMISS_MS = 8_000;

/** Messages App.vue reads out through its aria-live region. */
export const useNotificationsStore = defineStore('notifications', () => {
  const items = ref<Notice[]>([]);
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  let seq = 0;

  function dismiss(id: number): void {
    clearTimeout(timers.get(id));
    timers.delete(id);
    items.value = items.value.filter((n) => n.id !== id);
  }

  function notify(text: string, kind: NoticeKind = 'info'): void {
    for (const same of items.value.filter((n) => n.text === text)) dismiss(same.id);
    const notice: Notice = { id: ++seq, kind, text };
    items.value = [...items.value, notice].slice(-MAX_VISIBLE);
    if (kind !== 'error') timers.set(notice.id, setTimeout(() => dismiss(notice.id), AUTO_DISMISS_MS));
  }

  function $reset(): void {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
    items.value = [];
  }

  return { items, notify, dismiss, $reset };
});

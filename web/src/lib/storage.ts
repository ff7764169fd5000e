/**
 * A typed slot in Web Storage. Reading or writing can throw (storage disabled, quota,
 * Safari private mode), so every access is guarded: the app then works for this tab only.
 * Only the auth store uses it (SECURITY.md 20); a test keeps it that way.
 */
export interface Codec<T> {
  parse(raw: string): T | null;
  stringify(value: T): string;
}

export interface StorageSlot<T> {
  readonly key: string;
  read(): T | null;
  write(value: T): void;
  clear(): void;
}

export const stringCodec: Codec<string> = { parse: (raw) => raw, stringify: (value) => value };

export function storageSlot<T>(
  key: string,
  codec: Codec<T>,
  area: () => Storage = () => window.localStorage,
): StorageSlot<T> {
  return {
    key,
    read() {
      try {
        const raw = area().getItem(key);
        return raw === null ? null : codec.parse(raw);
      } catch {
        return null;
      }
    },
    write(value) {
      try {
        area().setItem(key, codec.stringify(value));
      } catch {
        // Not persisted: the session still works in this tab.
      }
    },
    clear() {
      try {
        area().removeItem(key);
      } catch {
        // Nothing stored, nothing to clear.
      }
    },
  };
}

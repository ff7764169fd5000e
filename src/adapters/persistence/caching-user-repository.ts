import type { Page, UserListQuery, UserRepository } from '../../application/ports/user-repository.js';
import { User, type UserProps } from '../../domain/user/user.js';
import { LruCache } from '../caching/lru-cache.js';
import type { UserChangeFeed, UserChangeListener } from './user-change-feed.js';

export interface CachingUserRepositoryOptions {
  /** How long a read may be served without asking the database again: the bound on staleness if an announcement is lost. */
  ttlMs: number;
  maxEntries: number;
  /** A monotonic clock in milliseconds (performance.now by default). */
  now?: () => number;
  /** An announcement could not be sent; other instances may serve the old user for up to ttlMs. */
  onPublishError?: (err: unknown, userId: string) => void;
}

interface Entry {
  props: UserProps;
  expiresAt: number;
}

/** A read in flight, shared by the callers that ask for the same user meanwhile. */
interface Load {
  promise: Promise<UserProps | null>;
  /** Set when the user changed while the read ran: its result is handed out once but never stored. */
  stale: boolean;
}

/**
 * Caches findById, which every authenticated request calls (AuthenticateToken, then often
 * the route itself), and keeps it honest about revocation:
 * - Same instance: every write through this repository drops the user from the cache once
 *   the write returns, so the next request sees the new revocation marker, role or
 *   disabled flag. A read that was in flight during the write is never stored.
 * - Other instances: the write is announced on the feed (PostgreSQL NOTIFY); they drop the
 *   user when it arrives, typically within milliseconds.
 * - Worst case: an announcement that could not be sent (reported to onPublishError) leaves
 *   other instances serving the old user until the entry's TTL runs out. While the feed is
 *   not connected nothing is served from the cache at all, and the whole cache is dropped
 *   when it reconnects, because announcements may have been missed in between.
 * Writes that bypass this repository (a psql session) are only bounded by the TTL.
 * Misses are not cached, so a new user is visible at once. Callers get their own User, so
 * a use case changing it cannot change the cache.
 */
export class CachingUserRepository implements UserRepository, UserChangeListener {
  private readonly entries: LruCache<string, Entry>;
  private readonly loads = new Map<string, Load>();
  private readonly now: () => number;

  constructor(
    private readonly inner: UserRepository,
    private readonly feed: UserChangeFeed,
    private readonly options: CachingUserRepositoryOptions,
  ) {
    this.entries = new LruCache(options.maxEntries);
    this.now = options.now ?? (() => performance.now());
    feed.subscribe(this);
  }

  async findById(id: string): Promise<User | null> {
    if (!this.feed.live) return this.inner.findById(id);
    const entry = this.entries.get(id);
    if (entry && entry.expiresAt > this.now()) return restore(entry.props);
    const props = await (this.loads.get(id) ?? this.load(id)).promise;
    return props ? restore(props) : null;
  }

  findByEmail(email: string): Promise<User | null> {
    return this.inner.findByEmail(email);
  }

  insert(user: User): Promise<void> {
    return this.write(user.id, () => this.inner.insert(user));
  }

  update(user: User): Promise<boolean> {
    return this.write(user.id, () => this.inner.update(user));
  }

  list(query: UserListQuery): Promise<Page<User>> {
    return this.inner.list(query);
  }

  count(): Promise<number> {
    return this.inner.count();
  }

  changed(userId: string): void {
    this.entries.delete(userId);
    const load = this.loads.get(userId);
    if (load) load.stale = true;
    this.loads.delete(userId);
  }

  reset(): void {
    this.entries.clear();
    for (const load of this.loads.values()) load.stale = true;
    this.loads.clear();
  }

  private load(id: string): Load {
    const startedAt = this.now(); // the TTL counts from before the read: the row may be that old
    const forget = () => {
      if (this.loads.get(id) === load) this.loads.delete(id);
    };
    const load: Load = {
      stale: false,
      promise: this.inner.findById(id).then(
        (user) => {
          forget();
          const props = user ? user.toProps() : null;
          if (props && !load.stale && this.feed.live) this.entries.set(id, { props, expiresAt: startedAt + this.options.ttlMs });
          return props;
        },
        (err: unknown) => {
          forget();
          throw err;
        },
      ),
    };
    this.loads.set(id, load);
    return load;
  }

  /** Invalidates after the write (even a failed one may have committed), never before it. */
  private async write<T>(userId: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } finally {
      this.changed(userId);
      await this.feed.publish(userId).catch((err: unknown) => this.options.onPublishError?.(err, userId));
    }
  }
}

function restore(props: UserProps): User {
  return User.restore({
    ...props,
    createdAt: new Date(props.createdAt),
    updatedAt: new Date(props.updatedAt),
  });
}

/** What a cache of users hears from the feed. */
export interface UserChangeListener {
  /** This user was written (by this instance or another); forget what you hold about it. */
  changed(userId: string): void;
  /** Changes may have been missed (the feed lost or regained its connection); forget everything. */
  reset(): void;
}

/**
 * Tells every instance of the application which users changed, so their caches can drop
 * them. While `live` is false, announcements from other instances may be lost, and a
 * cache must not serve what it holds.
 */
export interface UserChangeFeed {
  readonly live: boolean;
  /** Announces, after the write committed, that a user changed. */
  publish(userId: string): Promise<void>;
  subscribe(listener: UserChangeListener): void;
}

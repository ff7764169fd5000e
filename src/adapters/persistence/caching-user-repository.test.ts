import { beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { aUser } from '../../../test/mothers/user-mother.js';
import { userRepositoryContract } from '../../application/ports/user-repository.contract.js';
import type { User } from '../../domain/user/user.js';
import { CachingUserRepository } from './caching-user-repository.js';
import { InMemoryUserRepository } from './in-memory/in-memory-user-repository.js';
import type { UserChangeFeed, UserChangeListener } from './user-change-feed.js';

/** A feed the test drives: announcements go to every subscriber, like NOTIFY to every instance. */
class TestFeed implements UserChangeFeed {
  live = true;
  readonly published: string[] = [];
  private readonly listeners: UserChangeListener[] = [];
  async publish(userId: string) {
    this.published.push(userId);
  }
  subscribe(listener: UserChangeListener) {
    this.listeners.push(listener);
  }
  deliver(userId: string) {
    for (const l of this.listeners) l.changed(userId);
  }
  reconnect() {
    for (const l of this.listeners) l.reset();
  }
}

const TTL_MS = 5000;

userRepositoryContract('CachingUserRepository over InMemoryUserRepository', async () =>
  new CachingUserRepository(new InMemoryUserRepository(), new TestFeed(), { ttlMs: TTL_MS, maxEntries: 100 }),
);

describe('CachingUserRepository', () => {
  let store: InMemoryUserRepository;
  let feed: TestFeed;
  let now: number;
  let reads: MockInstance<InMemoryUserRepository['findById']>;
  let repo: CachingUserRepository;
  let user: User;

  beforeEach(async () => {
    store = new InMemoryUserRepository();
    feed = new TestFeed();
    now = 0;
    repo = new CachingUserRepository(store, feed, { ttlMs: TTL_MS, maxEntries: 100, now: () => now });
    user = aUser();
    await store.insert(user);
    reads = vi.spyOn(store, 'findById');
  });

  /** Changes the stored row behind the cache's back (another instance, a psql session). */
  const changeBehindTheCache = async (change: (u: User) => void) => {
    const fresh = (await store.findById(user.id))!;
    change(fresh);
    await store.update(fresh);
    reads.mockClear();
  };

  it('reads a user once, then serves it from the cache until the TTL runs out', async () => {
    await repo.findById(user.id);
    now += TTL_MS - 1;
    expect((await repo.findById(user.id))?.toProps()).toEqual(user.toProps());
    expect(reads).toHaveBeenCalledTimes(1);
    now += 1;
    await repo.findById(user.id);
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('shares one read between callers asking for the same user at once', async () => {
    await Promise.all([repo.findById(user.id), repo.findById(user.id), repo.findById(user.id)]);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('forgets a user written through it, so revocation takes effect at once on this instance', async () => {
    const cached = (await repo.findById(user.id))!;
    cached.revokeTokens(new Date());
    expect(await repo.update(cached)).toBe(true);
    expect((await repo.findById(user.id))?.tokenVersion).toBe(user.tokenVersion + 1);
    expect(feed.published).toEqual([user.id]);
  });

  it('forgets a user when another instance announces a change', async () => {
    await repo.findById(user.id);
    await changeBehindTheCache((u) => u.setDisabled(true, new Date()));
    expect((await repo.findById(user.id))?.disabled).toBe(false); // still cached: nobody said anything
    feed.deliver(user.id);
    expect((await repo.findById(user.id))?.disabled).toBe(true);
  });

  it('never stores a read that was in flight while the user changed', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const stale = user.toProps();
    reads.mockImplementationOnce(async () => {
      await gate;
      return aUser(stale); // the row as it was when the read started
    });
    const inFlight = repo.findById(user.id);
    await changeBehindTheCache((u) => u.revokeTokens(new Date()));
    feed.deliver(user.id);
    release();
    expect((await inFlight)?.tokenVersion).toBe(user.tokenVersion);
    expect((await repo.findById(user.id))?.tokenVersion).toBe(user.tokenVersion + 1);
  });

  it('serves nothing from the cache while the feed is down, and drops everything when it is back', async () => {
    await repo.findById(user.id);
    feed.live = false;
    await changeBehindTheCache((u) => u.rename('While down', new Date()));
    expect((await repo.findById(user.id))?.name).toBe('While down');
    expect(reads).toHaveBeenCalledTimes(1);
    await changeBehindTheCache((u) => u.rename('Missed', new Date()));
    feed.live = true;
    feed.reconnect();
    expect((await repo.findById(user.id))?.name).toBe('Missed');
  });

  it('invalidates after a write that lost a version race, so the retry reads the fresh row', async () => {
    const stale = (await repo.findById(user.id))!;
    await changeBehindTheCache((u) => u.changeRole('staff', new Date()));
    stale.rename('Lost update', new Date());
    expect(await repo.update(stale)).toBe(false);
    expect((await repo.findById(user.id))?.role).toBe('staff');
  });

  it('does not remember unknown users, so a new one is found at once', async () => {
    const newcomer = aUser();
    expect(await repo.findById(newcomer.id)).toBeNull();
    await store.insert(newcomer);
    expect((await repo.findById(newcomer.id))?.id).toBe(newcomer.id);
  });

  it('hands every caller its own User, so a use case changing one cannot change the cache', async () => {
    const before = structuredClone(user.toProps());
    const first = (await repo.findById(user.id))!;
    first.setDisabled(true, new Date());
    first.createdAt.setTime(0);
    const second = (await repo.findById(user.id))!;
    expect(second.toProps()).toEqual(before);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('keeps at most maxEntries users', async () => {
    const small = new CachingUserRepository(store, feed, { ttlMs: TTL_MS, maxEntries: 1, now: () => now });
    const other = aUser();
    await store.insert(other);
    reads.mockClear();
    await small.findById(user.id);
    await small.findById(other.id);
    await small.findById(user.id);
    expect(reads).toHaveBeenCalledTimes(3);
  });

  it('reports an announcement it could not send, and the write still succeeds', async () => {
    const onPublishError = vi.fn();
    const failing = new TestFeed();
    failing.publish = () => Promise.reject(new Error('database gone'));
    const writer = new CachingUserRepository(store, failing, { ttlMs: TTL_MS, maxEntries: 10, onPublishError });
    const fresh = (await writer.findById(user.id))!;
    fresh.rename('Saved', new Date());
    expect(await writer.update(fresh)).toBe(true);
    expect(onPublishError).toHaveBeenCalledWith(expect.any(Error), user.id);
  });
});

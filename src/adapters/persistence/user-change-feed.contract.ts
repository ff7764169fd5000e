import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UserChangeFeed, UserChangeListener } from './user-change-feed.js';

/** A feed as main.ts runs it: started before the server listens, closed at shutdown. */
export interface StartableUserChangeFeed extends UserChangeFeed {
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface UserChangeFeedFixture {
  /** Two application instances' feeds over the same medium (one database, one broker). */
  instances: [StartableUserChangeFeed, StartableUserChangeFeed];
  dispose?(): Promise<void>;
}

function recorder(): UserChangeListener & { heard: string[] } {
  const heard: string[] = [];
  return { heard, changed: (id) => heard.push(id), reset: () => heard.push('<reset>') };
}

/**
 * What CachingUserRepository needs of a UserChangeFeed (src/adapters/persistence/user-change-feed.ts):
 * every instance hears every change, its own included; `live` is true only while it does;
 * and a reset whenever announcements may have been missed.
 */
export function userChangeFeedContract(name: string, setup: () => Promise<UserChangeFeedFixture>) {
  describe(`${name} (UserChangeFeed contract)`, () => {
    let fixture: UserChangeFeedFixture;
    beforeEach(async () => {
      fixture = await setup();
    });
    afterEach(async () => {
      for (const feed of fixture.instances) await feed.close();
      await fixture.dispose?.();
    });

    it('is live only between start and close, and resets its listeners at both', async () => {
      const [a] = fixture.instances;
      const listener = recorder();
      a.subscribe(listener);
      expect(a.live).toBe(false);
      await a.start();
      await vi.waitFor(() => expect(a.live).toBe(true));
      expect(listener.heard).toEqual(['<reset>']);
      await a.close();
      expect(a.live).toBe(false);
      expect(listener.heard).toEqual(['<reset>', '<reset>']);
    });

    it('announces a change to every subscriber of every instance, the publisher’s own included', async () => {
      const [a, b] = fixture.instances;
      const [a1, a2, b1] = [recorder(), recorder(), recorder()];
      a.subscribe(a1);
      a.subscribe(a2);
      b.subscribe(b1);
      await Promise.all([a.start(), b.start()]);
      await vi.waitFor(() => expect(a.live && b.live).toBe(true));
      const ids = ['9b7e2c1a-0000-4000-8000-000000000001', '9b7e2c1a-0000-4000-8000-000000000002'];
      for (const id of ids) await a.publish(id);
      for (const listener of [a1, a2, b1]) await vi.waitFor(() => expect(listener.heard.filter((h) => h !== '<reset>')).toEqual(ids));
    });

    it('publishes without having started (a one-off command only publishes)', async () => {
      const [a, b] = fixture.instances;
      const listener = recorder();
      b.subscribe(listener);
      await b.start();
      await vi.waitFor(() => expect(b.live).toBe(true));
      await a.publish('9b7e2c1a-0000-4000-8000-000000000003');
      await vi.waitFor(() => expect(listener.heard).toContain('9b7e2c1a-0000-4000-8000-000000000003'));
      expect(a.live).toBe(false);
    });
  });
}

import bcrypt from 'bcryptjs';
import { afterEach, describe, expect, it } from 'vitest';
import { UnavailableError } from '../../application/errors.js';
import { passwordHasherContract } from '../../application/ports/password-hasher.contract.js';
import { BcryptPasswordHasher, type BcryptPasswordHasherOptions } from './bcrypt-password-hasher.js';

// Real worker threads throughout; costs are the lowest that still show what each test is about.
passwordHasherContract('BcryptPasswordHasher', async () => {
  const hasher = new BcryptPasswordHasher({ cost: 5, workers: 2, maxQueue: 16 });
  const weaker = new BcryptPasswordHasher({ cost: 4, workers: 1, maxQueue: 16 });
  return { hasher, weaker, close: async () => void (await Promise.all([hasher.close(), weaker.close()])) };
});

describe('BcryptPasswordHasher', () => {
  const opened: BcryptPasswordHasher[] = [];
  const open = async (options: BcryptPasswordHasherOptions) => {
    const hasher = new BcryptPasswordHasher(options);
    opened.push(hasher);
    await hasher.init(); // workers started and dummy hash made: measure steady state only
    return hasher;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((h) => h.close()));
  });

  it.runIf(process.platform === 'linux')('hashes on threads of the lowest priority (nice 19), the event loop keeping its own', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const niceOf = (tid: string) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
    const before = new Set(readdirSync('/proc/self/task'));
    const hasher = await open({ cost: 4, workers: 2, maxQueue: 4 });
    await hasher.hash('long enough password');
    const added = readdirSync('/proc/self/task').filter((tid) => !before.has(tid));
    // Each worker thread, and any thread it starts, runs at nice 19.
    expect(added.map(niceOf).filter((nice) => nice === 19).length).toBeGreaterThanOrEqual(2);
    expect(niceOf(String(process.pid))).toBe(0);
  });

  /** Counts 5 ms interval ticks while `work` runs: a blocked event loop cannot tick. */
  async function ticksPerSecondDuring(work: () => Promise<unknown>): Promise<number> {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const start = performance.now();
    try {
      await work();
    } finally {
      clearInterval(timer);
    }
    return (ticks * 1000) / (performance.now() - start);
  }

  it('keeps the event loop turning while hashing, unlike bcryptjs on the main thread', async () => {
    // One worker leaves a core to the main thread even on a busy 2-core machine.
    const hasher = await open({ cost: 10, workers: 1, maxQueue: 8 });
    const passwords = ['password-1', 'password-2', 'password-3', 'password-4'];

    const inWorkers = await ticksPerSecondDuring(() => Promise.all(passwords.map((p) => hasher.hash(p))));
    // Baseline: bcryptjs's *async* API, which still runs every round on this thread.
    const onMainThread = await ticksPerSecondDuring(() => Promise.all(passwords.map((p) => bcrypt.hash(p, 10))));

    // Idle machine: ~190 ticks/s with workers, ~4/s on the main thread (ticks only between 100 ms chunks).
    expect(inWorkers).toBeGreaterThan(40);
    expect(inWorkers).toBeGreaterThan(5 * onMainThread);
  });

  it('rejects with UnavailableError, fast, once the queue is full', async () => {
    const hasher = await open({ cost: 8, workers: 1, maxQueue: 2 });
    const hash = await hasher.hash('password-1');

    const results = await Promise.allSettled(Array.from({ length: 10 }, () => hasher.verify('password-1', hash)));

    const served = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(served.length).toBeGreaterThanOrEqual(1);
    expect(served.length).toBeLessThanOrEqual(1 + 2); // the one running + the queue
    expect(served.every((r) => r.value === true)).toBe(true);
    expect(refused.length).toBe(10 - served.length);
    for (const err of refused) {
      expect(err).toBeInstanceOf(UnavailableError);
      expect(err).toMatchObject({ retryAfterSeconds: 2 });
    }
  });

  it('spends about as long on an unknown user as on a wrong password', async () => {
    const hasher = await open({ cost: 8, workers: 1, maxQueue: 8 });
    const hash = await hasher.hash('password-1');
    const timed = async (work: () => Promise<boolean>) => {
      const start = performance.now();
      expect(await work()).toBe(false);
      return performance.now() - start;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 9; i++) {
      // Interleaved, so a burst of load from elsewhere hits both sides alike.
      known.push(await timed(() => hasher.verify('wrong password', hash)));
      unknown.push(await timed(() => hasher.verify('wrong password', null)));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratio = median(unknown) / median(known);
    // Without the dummy compare the unknown case would be ~100x faster (no bcrypt at all).
    expect(ratio).toBeGreaterThan(1 / 3);
    expect(ratio).toBeLessThan(3);
  });
});

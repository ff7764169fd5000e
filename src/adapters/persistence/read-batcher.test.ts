import { describe, expect, it } from 'vitest';
import { ReadBatcher } from './read-batcher.js';

describe('ReadBatcher', () => {
  it('answers the lookups of one turn with one call, each with its own answer', async () => {
    const calls: number[][] = [];
    const batcher = new ReadBatcher<number, string>(async (keys) => {
      calls.push(keys);
      return keys.map((k) => `v${k}`);
    });
    expect(await Promise.all([batcher.load(1), batcher.load(2), batcher.load(1)])).toEqual(['v1', 'v2', 'v1']);
    expect(calls).toEqual([[1, 2, 1]]);
    expect(await batcher.load(3)).toBe('v3'); // a later turn: a new read
    expect(calls).toEqual([[1, 2, 1], [3]]);
  });

  it('sends a full batch at once', async () => {
    const calls: number[][] = [];
    const batcher = new ReadBatcher<number, number>(async (keys) => (calls.push(keys), keys), 2);
    const answers = Promise.all([1, 2, 3].map((k) => batcher.load(k)));
    expect(calls).toEqual([[1, 2]]);
    expect(await answers).toEqual([1, 2, 3]);
    expect(calls).toEqual([[1, 2], [3]]);
  });

  it('fails every lookup of a batch whose read fails, or that answers the wrong number of lookups', async () => {
    const failing = new ReadBatcher<number, number>(async () => Promise.reject(new Error('down')));
    const results = await Promise.allSettled([failing.load(1), failing.load(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    const short = new ReadBatcher<number, number>(async (keys) => keys.slice(1));
    await expect(Promise.all([short.load(1), short.load(2)])).rejects.toThrow(/answered 1 of 2/);
  });
});

import { describe, expect, it } from 'vitest';
import type { IdGenerator } from './id-generator.js';

/**
 * What the rest of the system accepts as an id: RFC 9562 text form (any version 1-8, variant
 * 10xx) as the HTTP schemas' z.uuid() checks it, in lower case as PostgreSQL's uuid type
 * reads it back, so an id compares equal before and after a round trip through the store.
 */
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** What every IdGenerator promises. */
export function idGeneratorContract(name: string, setup: () => Promise<IdGenerator>) {
  describe(`${name} (IdGenerator contract)`, () => {
    it('returns lower-case canonical UUIDs that the HTTP layer and PostgreSQL accept as they are', async () => {
      const ids = await setup();
      for (let i = 0; i < 100; i++) expect(ids.newId()).toMatch(CANONICAL_UUID);
    });

    it('never repeats: 10 000 ids from one generator, and ids from two generators, all distinct', async () => {
      const [a, b] = [await setup(), await setup()];
      const ids = [...Array.from({ length: 10_000 }, () => a.newId()), ...Array.from({ length: 100 }, () => b.newId())];
      expect(new Set(ids).size).toBe(ids.length);
    });
  });
}

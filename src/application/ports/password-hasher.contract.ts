import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PasswordHasher } from './password-hasher.js';

export interface PasswordHasherFixture {
  hasher: PasswordHasher;
  /** The same implementation at a lower cost: its hashes are the "old" ones to upgrade. */
  weaker: PasswordHasher;
  /** Releases what setup started (worker pools). */
  close?(): Promise<void>;
}

// 72 UTF-8 bytes, bcrypt's limit: 2-, 3- and 4-byte characters, so a byte/character mix-up shows.
const LONGEST = 'é'.repeat(6) + '€'.repeat(6) + '😀'.repeat(8) + 'ab'.repeat(5);

/** What every PasswordHasher promises (SECURITY.md 6-8). Setup runs once per suite. */
export function passwordHasherContract(name: string, setup: () => Promise<PasswordHasherFixture>) {
  describe(`${name} (PasswordHasher contract)`, () => {
    let hasher: PasswordHasher;
    let weaker: PasswordHasher;
    let fixture: PasswordHasherFixture | undefined;

    beforeAll(async () => {
      fixture = await setup();
      ({ hasher, weaker } = fixture);
    });
    afterAll(async () => {
      await fixture?.close?.();
    });

    it('stores something other than the password, and that verifies', async () => {
      const hash = await hasher.hash('correct horse');
      expect(hash).not.toContain('correct horse');
      expect(await hasher.verify('correct horse', hash)).toBe(true);
    });

    it('rejects a wrong password', async () => {
      const hash = await hasher.hash('correct horse');
      expect(await hasher.verify('correct horsE', hash)).toBe(false);
      expect(await hasher.verify('', hash)).toBe(false);
    });

    it('answers false for an unknown user (null hash)', async () => {
      expect(await hasher.verify('correct horse', null)).toBe(false);
    });

    it('salts: two hashes of one password differ, and both verify', async () => {
      const [a, b] = await Promise.all([hasher.hash('same password'), hasher.hash('same password')]);
      expect(a).not.toBe(b);
      expect(await hasher.verify('same password', a)).toBe(true);
      expect(await hasher.verify('same password', b)).toBe(true);
    });

    it('asks for a rehash only of hashes weaker than its own, or unreadable', async () => {
      expect(hasher.needsRehash(await hasher.hash('password 1'))).toBe(false);
      const old = await weaker.hash('password 1');
      expect(hasher.needsRehash(old)).toBe(true);
      expect(await hasher.verify('password 1', old)).toBe(true); // old hashes keep working
      expect(hasher.needsRehash('not a hash')).toBe(true);
    });

    it('round-trips a 72-byte multi-byte password, and its last character counts', async () => {
      expect(Buffer.byteLength(LONGEST, 'utf8')).toBe(72);
      const hash = await hasher.hash(LONGEST);
      expect(await hasher.verify(LONGEST, hash)).toBe(true);
      expect(await hasher.verify(`${LONGEST.slice(0, -1)}c`, hash)).toBe(false);
    });

    it('refuses to hash more than 72 bytes instead of silently truncating', async () => {
      await expect(hasher.hash(`${LONGEST}x`)).rejects.toThrow(RangeError);
    });
  });
}

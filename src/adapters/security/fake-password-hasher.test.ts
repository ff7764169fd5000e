import { describe, expect, it } from 'vitest';
import { UnavailableError } from '../../application/errors.js';
import { passwordHasherContract } from '../../application/ports/password-hasher.contract.js';
import { FakePasswordHasher } from './fake-password-hasher.js';

passwordHasherContract('FakePasswordHasher', async () => ({
  hasher: new FakePasswordHasher({ cost: 12 }),
  weaker: new FakePasswordHasher({ cost: 10 }),
}));

describe('FakePasswordHasher extras', () => {
  it('counts calls, including compares for unknown users', async () => {
    const fake = new FakePasswordHasher();
    await fake.verify('pw', null);
    await fake.verify('pw', await fake.hash('pw'));
    expect(fake.calls).toEqual({ hash: 1, verify: 2, unknownUser: 1 });
  });

  it('can play a saturated pool', async () => {
    const fake = new FakePasswordHasher();
    fake.saturate();
    await expect(fake.verify('pw', null)).rejects.toBeInstanceOf(UnavailableError);
    fake.saturate(false);
    await expect(fake.verify('pw', null)).resolves.toBe(false);
  });
});

import { UnavailableError } from '../../application/errors.js';
import type { PasswordHasher } from '../../application/ports/password-hasher.js';

const FAKE_HASH = /^fake\$(\d+)\$([0-9a-f]+)\$([0-9a-f]*)$/;
const MAX_PASSWORD_BYTES = 72;

/**
 * An honest, instant PasswordHasher for unit tests: `fake$<cost>$<salt>$<hex password>`.
 * Salted by a counter, so two hashes of one password differ (as with bcrypt) yet every run
 * is deterministic. It keeps the promises of the real one, checked by the same contract.
 */
export class FakePasswordHasher implements PasswordHasher {
  /** How often each method ran; `unknownUser` counts verifies against a null hash. */
  readonly calls = { hash: 0, verify: 0, unknownUser: 0 };
  private salt = 0;
  private saturated = false;

  constructor(private readonly options: { cost: number } = { cost: 12 }) {}

  /** While on, hash and verify reject like a saturated worker pool (for 503 tests). */
  saturate(on = true): void {
    this.saturated = on;
  }

  async hash(password: string): Promise<string> {
    this.assertCapacity();
    this.calls.hash++;
    if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
      throw new RangeError(`Passwords longer than ${MAX_PASSWORD_BYTES} UTF-8 bytes cannot be hashed`);
    }
    const salt = (++this.salt).toString(16).padStart(8, '0');
    return `fake$${this.options.cost}$${salt}$${Buffer.from(password, 'utf8').toString('hex')}`;
  }

  async verify(password: string, hash: string | null): Promise<boolean> {
    this.assertCapacity();
    this.calls.verify++;
    if (hash === null) {
      this.calls.unknownUser++;
      return false;
    }
    const stored = FAKE_HASH.exec(hash)?.[3];
    return stored !== undefined && stored === Buffer.from(password, 'utf8').toString('hex');
  }

  needsRehash(hash: string): boolean {
    const cost = FAKE_HASH.exec(hash)?.[1];
    return cost === undefined || Number(cost) < this.options.cost;
  }

  private assertCapacity(): void {
    if (this.saturated) throw new UnavailableError('Too many sign-ins right now; try again shortly.', 2);
  }
}

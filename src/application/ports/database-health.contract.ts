import { afterEach, describe, expect, it } from 'vitest';
import type { DatabaseHealth } from './database-health.js';

/**
 * The store behind the probe: serving queries, refusing connections (stopped, unreachable),
 * or hanging (accepts, then never answers: a stuck server, a black-holed network).
 */
export type StoreState = 'serving' | 'refusing' | 'hanging';

export interface DatabaseHealthFixture {
  health: DatabaseHealth;
  /** Releases what setup opened (pools, fake servers). */
  dispose?(): Promise<void>;
}

export interface DatabaseHealthContractOptions {
  /** The longest isUp() may take in any state: the probe's own deadline plus some slack. */
  answerWithinMs: number;
}

/** What every DatabaseHealth promises (GET /api/health relies on it). `setup` builds the probe over a store in `state`. */
export function databaseHealthContract(name: string, setup: (state: StoreState) => Promise<DatabaseHealthFixture>, { answerWithinMs }: DatabaseHealthContractOptions) {
  describe(`${name} (DatabaseHealth contract)`, () => {
    let fixture: DatabaseHealthFixture | undefined;
    afterEach(async () => {
      await fixture?.dispose?.();
      fixture = undefined;
    });

    const probe = async (state: StoreState) => {
      fixture = await setup(state);
      const started = performance.now();
      const answer = await Promise.race([
        fixture.health.isUp(),
        new Promise<'no answer'>((resolve) => setTimeout(() => resolve('no answer'), answerWithinMs).unref()),
      ]);
      return { answer, ms: performance.now() - started };
    };

    it('answers true while the store serves queries', async () => {
      expect((await probe('serving')).answer).toBe(true);
    });

    it('answers false, without rejecting, when the store refuses connections', async () => {
      expect((await probe('refusing')).answer).toBe(false);
    });

    it(`answers false within ${answerWithinMs} ms when the store hangs, instead of hanging too`, async () => {
      const { answer, ms } = await probe('hanging');
      expect(answer).toBe(false);
      expect(ms).toBeLessThan(answerWithinMs);
    });
  });
}

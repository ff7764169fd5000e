import type { DatabaseHealth } from '../../../application/ports/database-health.js';

/** For tests without a database: up unless a test says otherwise. */
export class InMemoryDatabaseHealth implements DatabaseHealth {
  up = true;

  async isUp(): Promise<boolean> {
    return this.up;
  }
}

import { databaseHealthContract } from '../../../application/ports/database-health.contract.js';
import { InMemoryDatabaseHealth } from './in-memory-database-health.js';

// No store behind it: a test says whether it is up, and "down" covers refusing and hanging alike.
databaseHealthContract(
  'InMemoryDatabaseHealth',
  async (state) => {
    const health = new InMemoryDatabaseHealth();
    health.up = state === 'serving';
    return { health };
  },
  { answerWithinMs: 100 },
);

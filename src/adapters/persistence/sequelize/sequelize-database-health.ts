import type { Sequelize } from 'sequelize';
import type { DatabaseHealth } from '../../../application/ports/database-health.js';

/** `SELECT 1` with a deadline, so a health probe answers even while PostgreSQL hangs. */
export class SequelizeDatabaseHealth implements DatabaseHealth {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly timeoutMs = 2000,
  ) {}

  async isUp(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), this.timeoutMs);
    });
    const probe = this.sequelize.query('SELECT 1').then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([probe, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }
}

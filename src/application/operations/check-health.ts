import type { DatabaseHealth } from '../ports/database-health.js';

export interface HealthReport {
  status: 'ok' | 'degraded';
  db: 'ok' | 'down';
}

export class CheckHealth {
  constructor(private readonly database: DatabaseHealth) {}

  async execute(): Promise<HealthReport> {
    const up = await this.database.isUp();
    return up ? { status: 'ok', db: 'ok' } : { status: 'degraded', db: 'down' };
  }
}

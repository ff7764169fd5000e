import { randomBytes } from 'node:crypto';
import type { DemoAccount } from '../application/users/seed-demo-accounts.js';

/** 16 random characters: strong enough that a forgotten demo account is not an open door. */
export const randomDemoPassword = () => randomBytes(12).toString('base64url');

export function formatDemoAccounts(accounts: DemoAccount[]): string {
  const rows = accounts.map((a) => `  ${a.role.padEnd(9)} ${a.email.padEnd(24)} ${a.password}`);
  return [
    'Demo accounts created (shown only this once; keep them or create your own):',
    `  ${'role'.padEnd(9)} ${'email'.padEnd(24)} password`,
    ...rows,
  ].join('\n');
}

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type DemoRole = 'admin' | 'staff' | 'customer';

export interface Credentials {
  email: string;
  password: string;
}

/**
 * Seeds the demo accounts through the product's own command (`src/cli/db.ts seed --json`)
 * against the database of `env`, and returns their credentials by role. The command
 * refuses NODE_ENV=production, so a production-mode server's database is seeded as test.
 */
export function seedDemoAccounts(env: Record<string, string>): Record<DemoRole, Credentials> {
  const nodeEnv = env.NODE_ENV === 'production' ? 'test' : env.NODE_ENV;
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/db.ts', 'seed', '--json'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, ...(nodeEnv ? { NODE_ENV: nodeEnv } : {}) },
    encoding: 'utf8',
  });
  const accounts = JSON.parse(out) as Array<{ role: DemoRole } & Credentials> | null;
  if (!accounts) throw new Error('db seed created no accounts (the user table was not empty)');
  const byRole = (role: DemoRole) => {
    const account = accounts.find((a) => a.role === role)!;
    return { email: account.email, password: account.password };
  };
  return { admin: byRole('admin'), staff: byRole('staff'), customer: byRole('customer') };
}

/** Signs in through the API and returns the access token. */
export async function signIn(baseUrl: string, credentials: Credentials): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/email-login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  if (response.status !== 200) throw new Error(`login answered ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { scratchDatabase, startServer, type RunningServer, type ScratchDatabase } from '../../scripts/lib/test-server.js';

export interface Account {
  role: 'customer' | 'staff' | 'admin';
  email: string;
  name: string;
  password: string;
}

/** The server serves dist/web, so the SPA under test is the one built from the working tree now. */
export function buildWeb(): void {
  if (process.env.E2E_SKIP_BUILD === '1') {
    if (!existsSync('dist/web/index.html')) throw new Error('E2E_SKIP_BUILD=1 but dist/web/index.html is missing: run `npm run build:web`');
    return;
  }
  execFileSync('npm', ['run', 'build:web', '--silent'], { stdio: 'inherit' });
}

/** The demo accounts, through the product's own command (as scripts/run-postman.ts does). */
function seed(env: Record<string, string>): Account[] {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/db.ts', 'seed', '--json'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  const accounts = JSON.parse(out) as Account[] | null;
  if (!accounts) throw new Error('db seed created no accounts (the user table was not empty)');
  return accounts;
}

export interface Stack {
  baseUrl: string;
  accounts: Record<Account['role'], Account>;
  stop(): Promise<void>;
}

/** A fresh database, the real server on it (serving the built SPA), and the demo accounts. */
export async function startStack(): Promise<Stack> {
  const database: ScratchDatabase = await scratchDatabase();
  let server: RunningServer | undefined;
  try {
    const env = { DATABASE_URL: database.url, NODE_ENV: 'test', BCRYPT_COST: '10', DATA_DIR: database.dataDir };
    server = await startServer(env);
    const list = seed(env);
    const find = (role: Account['role']) => {
      const account = list.find((a) => a.role === role);
      if (!account) throw new Error(`db seed made no ${role} account`);
      return account;
    };
    const running = server;
    return {
      baseUrl: server.baseUrl,
      accounts: { customer: find('customer'), staff: find('staff'), admin: find('admin') },
      stop: async () => {
        await running.stop();
        await database.drop();
      },
    };
  } catch (err) {
    await server?.stop();
    await database.drop();
    throw err;
  }
}

/** Direct API calls, for data a journey needs but does not test (the browser does the tested part). */
export function apiClient(baseUrl: string) {
  async function call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
  return {
    call,
    login: async (email: string, password: string) => (await call<{ token: string }>('POST', '/api/auth/email-login', { email, password })).token,
    register: async (name: string, email: string, password: string) =>
      (await call<{ token: string }>('POST', '/api/auth/register', { name, email, password })).token,
  };
}

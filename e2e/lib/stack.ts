import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { seedDemoAccounts, type Credentials, type DemoRole } from '../../scripts/lib/demo-accounts.js';
import { scratchDatabase, startServer, type RunningServer, type ScratchDatabase } from '../../scripts/lib/test-server.js';

/** The demo accounts a stack seeds, by role (the product's own `db seed`). */
export type Account = Credentials;

/** The server serves dist/web, so the SPA under test is the one built from the working tree now. */
export function buildWeb(): void {
  if (process.env.E2E_SKIP_BUILD === '1') {
    if (!existsSync('dist/web/index.html')) throw new Error('E2E_SKIP_BUILD=1 but dist/web/index.html is missing: run `npm run build:web`');
    return;
  }
  execFileSync('npm', ['run', 'build:web', '--silent'], { stdio: 'inherit' });
}

/** A check that runs after the journeys, once the browser is closed (e.g. on the proxy's logs). */
export interface StackCheck {
  name: string;
  run(): Promise<void>;
}

export interface Stack {
  /** What runs, in one line, for the log. */
  description: string;
  /** Where the browser opens the SPA. */
  spaUrl: string;
  /** The API origin, for direct calls; the same as spaUrl when one server serves both. */
  apiUrl: string;
  accounts: Record<DemoRole, Account>;
  checks: StackCheck[];
  stop(): Promise<void>;
}

/** A fresh database, the real server on it (serving the built SPA), and the demo accounts. */
export async function startStack(): Promise<Stack> {
  const database: ScratchDatabase = await scratchDatabase();
  let server: RunningServer | undefined;
  try {
    const env = { DATABASE_URL: database.url, NODE_ENV: 'test', BCRYPT_COST: '10', DATA_DIR: database.dataDir };
    server = await startServer(env);
    const accounts = seedDemoAccounts(env);
    const running = server;
    return {
      description: `one server (src/main.ts) at ${server.baseUrl}, serving the SPA and the API`,
      spaUrl: server.baseUrl,
      apiUrl: server.baseUrl,
      accounts,
      checks: [],
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

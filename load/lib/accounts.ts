import type { Account } from './actors.js';
import type { ApiClient } from './http.js';

interface TokenBody {
  token: string;
  user: { id: string; name: string };
}

/** Runs `work` over `items` with at most `width` at a time. */
export async function inBatches<T, R>(items: T[], width: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]!, i);
      }
    }),
  );
  return out;
}

export async function signIn(api: ApiClient, email: string, password: string): Promise<TokenBody> {
  const reply = await api.send<TokenBody>('POST', '/api/auth/email-login', { body: { email, password }, route: 'POST /auth/email-login' });
  if (reply.status !== 200) throw new Error(`sign-in of ${email} answered ${reply.status}`);
  return reply.body;
}

/** Customers register themselves, then sign in (the token of the sign-in is the one used). */
export async function registerCustomers(api: ApiClient, runId: string, count: number): Promise<Account[]> {
  return inBatches(Array.from({ length: count }, (_, i) => i), 16, async (i) => {
    const email = `${runId.toLowerCase()}-c${i}@load.example.test`;
    const password = `load-password-${runId}-${i}`;
    const reply = await api.send<TokenBody>('POST', '/api/auth/register', { body: { email, password, name: `Load customer ${i}` }, route: 'POST /auth/register' });
    if (reply.status !== 201 && reply.status !== 409) throw new Error(`register ${email} answered ${reply.status}`);
    const session = await signIn(api, email, password);
    return { id: session.user.id, email, name: session.user.name, token: session.token, role: 'customer' as const };
  });
}

/** Staff accounts are created by the admin (POST /api/users), then sign in. */
export async function createStaff(api: ApiClient, adminToken: string, runId: string, count: number): Promise<Account[]> {
  return inBatches(Array.from({ length: count }, (_, i) => i), 8, async (i) => {
    const email = `${runId.toLowerCase()}-s${i}@load.example.test`;
    const password = `load-password-${runId}-s${i}`;
    const reply = await api.send('POST', '/api/users', { token: adminToken, body: { email, password, name: `Load staff ${i}`, role: 'staff' }, route: 'POST /users' });
    if (reply.status !== 201) throw new Error(`creating staff ${email} answered ${reply.status}`);
    const session = await signIn(api, email, password);
    return { id: session.user.id, email, name: session.user.name, token: session.token, role: 'staff' as const };
  });
}

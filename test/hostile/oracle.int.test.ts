import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteSpec } from '../../src/adapters/http/route.js';
import { buildRealApp, type RealApp } from '../support/real-app.js';
import { DatabaseFingerprint, changedTables } from './fingerprint.js';
import { HostileHarness } from './harness.js';
import { requestArbitrary } from './requests.js';

/**
 * The hostile properties must fail when the server misbehaves. Each case breaks one route
 * of a private app the way a real bug would, lets fast-check loose on that route, and
 * expects a counterexample with the right complaint. Then the route is restored.
 */
let app: RealApp;
let harness: HostileHarness;

beforeAll(async () => {
  app = await buildRealApp();
  harness = await HostileHarness.start(app);
}, 120_000);

afterAll(async () => {
  await harness?.stop();
  await app?.close();
});

async function sabotaged(name: string, breakIt: (spec: RouteSpec, original: RouteSpec['handler']) => void): Promise<string> {
  const route = harness.routes.find((r) => r.name === name)!;
  const spec = route.spec!;
  const original = spec.handler;
  const access = spec.access;
  breakIt(spec, original);
  try {
    const result = await fc.check(
      fc.asyncProperty(requestArbitrary(route), (req) => harness.run(route, req)),
      { numRuns: 300, endOnFailure: true, seed: 42 },
    );
    expect(result.failed, `the property did not notice the sabotage of ${name}`).toBe(true);
    return String((result.errorInstance as Error | undefined)?.message ?? result.errorInstance);
  } finally {
    spec.handler = original;
    spec.access = access;
    await harness.world.heal();
  }
}

describe('the hostile property notices', () => {
  it('a 500 on one kind of input', async () => {
    const message = await sabotaged('PATCH /api/orders/:id/status', (spec, original) => {
      spec.handler = async (input) => {
        if (typeof (input.body as { note?: unknown }).note === 'string') throw new TypeError("Cannot read properties of undefined (reading 'x')");
        return original(input);
      };
    });
    expect(message).toMatch(/a 500/);
  });

  it('a refused request that wrote to the database first', async () => {
    const message = await sabotaged('POST /api/orders/:id/read', (spec, original) => {
      spec.handler = async (input) => {
        await app.db.sequelize.query("UPDATE users SET name = name || '!' WHERE id = :id", { replacements: { id: input.principal!.userId } });
        return original(input);
      };
    });
    expect(message).toMatch(/a refused request \(4\d\d\) changed the database: users/);
  });

  it('a GET that writes', async () => {
    const message = await sabotaged('GET /api/orders', (spec, original) => {
      spec.handler = async (input) => {
        await app.db.sequelize.query("UPDATE orders SET note = coalesce(note, '') || '!' WHERE id = (SELECT id FROM orders LIMIT 1)");
        return original(input);
      };
    });
    expect(message).toMatch(/a GET changed the database: orders/);
  });

  it('a refusal without the error envelope', async () => {
    const message = await sabotaged('GET /api/orders/:id', (spec) => {
      spec.handler = async () => ({ status: 404, body: { message: 'nope' } });
    });
    expect(message).toMatch(/envelope of 404/);
  });

  it('internals in an error body', async () => {
    const message = await sabotaged('POST /api/orders/:id/messages', (spec) => {
      spec.handler = async ({ ctx }) => ({ status: 409, body: { error: { code: 'conflict', message: 'duplicate key in INSERT INTO messages', requestId: ctx.state.requestId } } });
    });
    expect(message).toMatch(/internals in the error body/);
  });

  it('a protected route served without a token', async () => {
    const message = await sabotaged('GET /api/auth/me', (spec) => {
      spec.access = { kind: 'public' };
      spec.handler = async () => ({ status: 200, body: { user: null } });
    });
    expect(message).toMatch(/200 for a protected route without a valid bearer token/);
  });

  it('an admin route open to other roles', async () => {
    const message = await sabotaged('GET /api/users', (spec) => {
      spec.access = { kind: 'authenticated' };
    });
    expect(message).toMatch(/for a (customer|staff) on a route for admin: expected 403/);
  });
});

describe('the fingerprint', () => {
  const oneRow = (table: string) => `(SELECT ctid FROM ${table} LIMIT 1)`;

  it('sees any committed write, even one that changes neither row counts nor values', async () => {
    const fingerprint = await DatabaseFingerprint.prepare(app.db.sequelize);
    const writes: Array<[string, string]> = [
      ['order_items', `UPDATE order_items SET quantity = quantity WHERE ctid = ${oneRow('order_items')}`],
      ['orders', `UPDATE orders SET updated_at = updated_at + interval '1 millisecond' WHERE ctid = ${oneRow('orders')}`],
      ['messages', `DELETE FROM messages WHERE ctid = ${oneRow('messages')}`],
      ['login_throttle', "INSERT INTO login_throttle (key, points, expire) VALUES ('x', 1, NULL)"],
    ];
    for (const [table, sql] of writes) {
      const before = await fingerprint.take();
      await app.db.sequelize.query(sql);
      expect(changedTables(before, await fingerprint.take())).toEqual([expect.stringMatching(new RegExp(`^${table}: `))]);
    }
  });

  it('does not see a write that was rolled back, nor a read', async () => {
    const fingerprint = await DatabaseFingerprint.prepare(app.db.sequelize);
    const before = await fingerprint.take();
    await app.db.sequelize
      .transaction(async (transaction) => {
        await app.db.sequelize.query("UPDATE users SET name = 'x'", { transaction });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await app.db.sequelize.query('SELECT * FROM users FOR UPDATE');
    expect(changedTables(before, await fingerprint.take())).toEqual([]);
  });
});

import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import type { AccountUseCases } from '../../src/application/auth/auth-use-cases.js';
import type { TokenIssuer } from '../../src/application/ports/token-issuer.js';
import type { UserRepository } from '../../src/application/ports/user-repository.js';
import type { Role } from '../../src/domain/user/role.js';
import { TOKENS } from '../../src/tokens.js';
import { claimsFor, forgeWithServerKey, headerFor, nowSeconds, signJws } from '../support/forge-token.js';
import { SEED_PASSWORDS, seedAccounts, type RealApp } from '../support/real-app.js';
import type { Json, Ref } from './json-model.js';
import type { RawClient, WireResponse } from './raw-client.js';

export const ACTOR_KEYS = ['customer', 'other', 'staff', 'admin'] as const;
export type ActorKey = (typeof ACTOR_KEYS)[number];

export interface Actor {
  key: ActorKey;
  id: string;
  email: string;
  name: string;
  password: string;
  role: Role;
  token: string;
}

interface OrderRef {
  id: string;
  customerId: string;
}

const POOL_LIMIT = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const pick = <T>(items: readonly T[], n: number): T | undefined => (items.length === 0 ? undefined : items[n % items.length]);
const push = <T>(items: T[], item: T) => {
  items.push(item);
  if (items.length > POOL_LIMIT) items.shift();
};

/**
 * What the hostile requests act on: four signed-in users (two customers, staff, admin),
 * users for the admin to mangle, and pools of the orders, messages, cursors and
 * idempotency keys seen so far, from which `Ref`s are filled in when a request is sent.
 * The actors are kept usable: a request that legitimately revokes, demotes or disables one
 * is followed by `heal()`.
 */
export class World {
  readonly victims: string[] = [];
  readonly orders: OrderRef[] = [];
  readonly messages: Array<{ id: string; orderId: string }> = [];
  readonly cursors = new Map<string, string[]>();
  readonly usedKeys = new Map<ActorKey, string[]>();
  /** Tokens that must never authenticate anyone: expired, unsigned, wrongly signed, for nobody, ... */
  readonly forged: Array<{ name: string; token: string }> = [];
  private fresh = 0;

  private constructor(
    private readonly app: RealApp,
    readonly actors: Record<ActorKey, Actor>,
  ) {}

  static async create(app: RealApp, client: RawClient): Promise<World> {
    const seeded = await seedAccounts(app);
    const users = app.container.get<UserRepository>(TOKENS.UserRepository);
    const actors = {} as Record<ActorKey, Actor>;
    for (const role of ['customer', 'staff', 'admin'] as const) {
      const user = (await users.findByEmail(seeded[role].email))!;
      actors[role] = { key: role, id: user.id, email: user.email, name: user.name, password: SEED_PASSWORDS[role], role, token: '' };
    }
    const other = await app.accounts.register.execute({ email: 'other.customer@orderly.test', password: 'other-password-1', name: 'Other Customer' });
    actors.other = { key: 'other', id: other.user.id, email: other.user.email, name: other.user.name, password: 'other-password-1', role: 'customer', token: other.token };
    const world = new World(app, actors);
    for (const key of ACTOR_KEYS) await world.mint(key);
    await world.seed(client);
    world.forgeTokens();
    return world;
  }

  /** A token for the actor as it is now, straight from the server's own issuer (no login, so no throttle). */
  async mint(key: ActorKey): Promise<void> {
    const user = await this.app.container.get<UserRepository>(TOKENS.UserRepository).findById(this.actors[key].id);
    if (!user) throw new Error(`actor ${key} is gone`);
    const now = new Date();
    const issued = await this.app.container
      .get<TokenIssuer>(TOKENS.TokenIssuer)
      .issue({ userId: user.id, role: user.role, tokenVersion: user.tokenVersion, issuedAt: now, authTime: now });
    this.actors[key].token = issued.token;
  }

  /**
   * After a request that succeeded: any actor whose token no longer works (revoke-all, a
   * password change, a role change or disable by the admin) gets its role back and a fresh
   * token. Returns whether anything had to be repaired.
   */
  async heal(): Promise<boolean> {
    const accounts = this.app.container.get<AccountUseCases>(TOKENS.AccountUseCases);
    const users = this.app.container.get<UserRepository>(TOKENS.UserRepository);
    const admin = this.actors.admin;
    let repaired = false;
    for (const key of ACTOR_KEYS) {
      const actor = this.actors[key];
      const ok = await accounts.authenticateToken.execute(actor.token).then(
        ({ principal }) => principal.role === actor.role,
        () => false,
      );
      if (ok) continue;
      repaired = true;
      const user = await users.findById(actor.id);
      if (user && (user.role !== actor.role || user.disabled)) {
        const principal = { userId: admin.id, name: admin.name, email: admin.email, role: 'admin' as const };
        await accounts.updateUser.execute(principal, { userId: actor.id, role: actor.role, disabled: false });
      }
      await this.mint(key);
    }
    return repaired;
  }

  /** Orders, messages and extra users to point requests at, made through the API like any client would. */
  private async seed(client: RawClient): Promise<void> {
    const send = async (key: ActorKey, method: string, target: string, body?: unknown) => {
      const res = await client.send({
        method,
        target,
        headers: [['Authorization', `Bearer ${this.actors[key].token}`], ['Content-Type', 'application/json']],
        body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
      });
      if (res.status >= 300) throw new Error(`seeding ${method} ${target}: ${res.status} ${res.text}`);
      this.learn(target, res, key);
      return res.body as { id: string };
    };
    const item = { name: 'Espresso beans 1kg', quantity: 2, unitPriceCents: 1850 };
    for (let i = 0; i < 5; i++) {
      await send('admin', 'POST', '/api/users', { email: `victim-${i}@orderly.test`, password: 'victim-password', name: `Victim ${i}`, role: i < 3 ? 'customer' : 'staff' });
    }
    const mine = await send('customer', 'POST', '/api/orders', { items: [item], note: 'first' });
    await send('customer', 'POST', '/api/orders', { items: [item, { ...item, name: 'Filter' }] });
    const theirs = await send('other', 'POST', '/api/orders', { items: [item] });
    await send('staff', 'POST', '/api/orders', { items: [item], customerId: this.actors.customer.id });
    await send('staff', 'PATCH', `/api/orders/${mine.id}/status`, { status: 'confirmed' });
    for (const [key, order] of [['customer', mine], ['staff', mine], ['other', theirs], ['customer', mine]] as const) {
      await send(key, 'POST', `/api/orders/${order.id}/messages`, { body: `hello from ${key}` });
    }
  }

  private forgeTokens(): void {
    const id = this.actors.customer.id;
    const now = nowSeconds();
    const { privateKey: strangerKey, publicKey } = generateKeyPairSync('ed25519');
    const add = (name: string, token: string) => this.forged.push({ name, token });
    add('expired', forgeWithServerKey(this.app, id, { claims: { iat: now - 7200, exp: now - 3600, auth_time: now - 7200 } }));
    add('alg none', signJws(headerFor(this.app), claimsFor(this.app, id), { alg: 'none' }));
    add('stranger key', signJws(headerFor(this.app), claimsFor(this.app, id), { alg: 'EdDSA', key: strangerKey }));
    add('HS256 with the public key as secret', signJws(headerFor(this.app), claimsFor(this.app, id), { alg: 'HS256', secret: publicKey.export({ format: 'der', type: 'spki' }) }));
    add('wrong issuer', forgeWithServerKey(this.app, id, { claims: { iss: 'evil' } }));
    add('wrong audience', forgeWithServerKey(this.app, id, { claims: { aud: 'other-api' } }));
    add('typ JWT', forgeWithServerKey(this.app, id, { header: { typ: 'JWT' } }));
    add('no jti', forgeWithServerKey(this.app, id, { omit: ['jti'] }));
    add('no exp', forgeWithServerKey(this.app, id, { omit: ['exp'] }));
    add('unknown user', forgeWithServerKey(this.app, randomUUID()));
    add('sub not a uuid', forgeWithServerKey(this.app, 'admin'));
    add('revoked (old ver)', forgeWithServerKey(this.app, id, { claims: { ver: -1 } }));
    add('ver a string', forgeWithServerKey(this.app, id, { claims: { ver: '0' } }));
    add('issued in the future', forgeWithServerKey(this.app, id, { claims: { iat: now + 3600, exp: now + 7200 } }));
    add('older than its lifetime', forgeWithServerKey(this.app, id, { claims: { iat: now - 86_400, exp: now + 3600 } }));
    add('unknown kid', forgeWithServerKey(this.app, id, { header: { kid: 'nope' } }));
    add('unknown crit', forgeWithServerKey(this.app, id, { header: { crit: ['x-unknown'], 'x-unknown': 1 } }));
    add('jku header', forgeWithServerKey(this.app, id, { header: { jku: 'http://127.0.0.1:1/jwks.json' } }));
    add('garbage', 'a.b.c');
    add('one segment', 'eyJhbGciOiJFZERTQSJ9');
    add('padded', 'abc==');
    add('long', 'A'.repeat(6000));
    add('signature cut', forgeWithServerKey(this.app, id).slice(0, -4));
    add('extra segment', `${forgeWithServerKey(this.app, id)}.x`);
  }

  /** Remembers what a successful response revealed: orders, messages, users, cursors, used keys. */
  learn(routePath: string, res: WireResponse, actor: ActorKey | undefined, idempotencyKey?: string): void {
    if (res.status < 200 || res.status >= 300 || typeof res.body !== 'object' || res.body === null) return;
    const body = res.body as Record<string, unknown>;
    if (typeof body.nextCursor === 'string') {
      const list = this.cursors.get(routePath) ?? [];
      push(list, body.nextCursor);
      this.cursors.set(routePath, list);
    }
    const visit = (node: unknown) => {
      if (typeof node !== 'object' || node === null) return;
      if (Array.isArray(node)) return node.forEach(visit);
      const o = node as Record<string, unknown>;
      const customer = o.customer as { id?: unknown } | undefined;
      if (typeof o.id === 'string' && UUID.test(o.id) && typeof o.status === 'string' && typeof customer?.id === 'string') {
        if (!this.orders.some((x) => x.id === o.id)) push(this.orders, { id: o.id, customerId: customer.id });
      } else if (typeof o.id === 'string' && typeof o.orderId === 'string' && o.author) {
        if (!this.messages.some((x) => x.id === o.id)) push(this.messages, { id: o.id, orderId: o.orderId });
      } else if (typeof o.id === 'string' && UUID.test(o.id) && typeof o.email === 'string' && typeof o.role === 'string') {
        const isActor = ACTOR_KEYS.some((k) => this.actors[k].id === o.id);
        if (!isActor && !this.victims.includes(o.id)) push(this.victims, o.id);
      }
      Object.values(o).forEach(visit);
    };
    visit(body);
    if (actor && idempotencyKey) {
      const keys = this.usedKeys.get(actor) ?? [];
      push(keys, idempotencyKey);
      this.usedKeys.set(actor, keys);
    }
  }

  /** Fills in a Ref for a request by `actor` whose path names `targetOrder` (if any). */
  resolve(ref: Ref, actor: Actor, routePath: string, targetOrder: string | undefined): Json {
    const n = ref.pick;
    const customerLike = actor.role === 'customer';
    switch (ref.kind) {
      case 'order:own': {
        const own = customerLike ? this.orders.filter((o) => o.customerId === actor.id) : this.orders;
        return (pick(own, n) ?? pick(this.orders, n))?.id ?? randomUUID();
      }
      case 'order:other':
        return (pick(this.orders.filter((o) => o.customerId !== actor.id), n) ?? pick(this.orders, n))?.id ?? randomUUID();
      case 'user:self':
        return actor.id;
      case 'user:victim':
        return pick(this.victims, n) ?? randomUUID();
      case 'user:actor':
        return this.actors[ACTOR_KEYS[n % ACTOR_KEYS.length]!].id;
      case 'user:customer':
        return n % 3 === 0 ? this.actors.customer.id : n % 3 === 1 ? this.actors.other.id : (pick(this.victims, n) ?? this.actors.customer.id);
      case 'message:any':
        return pick(this.messages, n)?.id ?? '1';
      case 'message:target':
        return (pick(this.messages.filter((m) => m.orderId === targetOrder), n) ?? pick(this.messages, n))?.id ?? '1';
      case 'email:actor': {
        const email = this.actors[ACTOR_KEYS[n % ACTOR_KEYS.length]!].email;
        return [email, email.toUpperCase(), `  ${email} `][Math.floor(n / ACTOR_KEYS.length) % 3]!;
      }
      case 'email:fresh':
        return `h${++this.fresh}.${n}@hostile.test`;
      case 'password:self':
        return actor.password;
      case 'password:actor':
        return this.actors[ACTOR_KEYS[n % ACTOR_KEYS.length]!].password;
      case 'cursor':
        return pick(this.cursors.get(routePath) ?? [], n) ?? Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', randomUUID()])).toString('base64url');
      case 'idempotency:used':
        return pick(this.usedKeys.get(actor.key) ?? [], n) ?? `key-${n}`;
      case 'version:current':
      case 'version:stale':
        throw new Error('versions are read from the database (versionOf)');
    }
  }

  /** The current version of an order (for If-Match), -1 when there is no such order. */
  async versionOf(orderId: string | undefined): Promise<number> {
    if (!orderId || !UUID.test(orderId)) return -1;
    const rows = await this.app.db.sequelize.query<{ version: number }>('SELECT version FROM orders WHERE id = :id', {
      replacements: { id: orderId },
      type: QueryTypes.SELECT,
    });
    return rows[0]?.version ?? -1;
  }
}


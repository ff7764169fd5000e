import http from 'node:http';
import fc from 'fast-check';
import { BODY_LIMIT_BYTES } from '../../src/adapters/http/json-body.js';
import {
  applyMutation,
  BAD_CONTENT_TYPES,
  GOOD_CONTENT_TYPES,
  headerText,
  hostileString,
  hostileValue,
  INVALID_JSON,
  JSON_SCALARS,
  mutation,
  NASTY_SEGMENTS,
  toHeaderValue,
  type Mutation,
} from './hostile-values.js';
import { objectOf, Ref, toJsonText, type Json, type RefKind } from './json-model.js';
import type { HostileRoute } from './route-table.js';
import { arbitraryFor, type Hint, type JsonSchema } from './schema-arbitrary.js';
import { ACTOR_KEYS, type Actor, type ActorKey, type World } from './world.js';

/**
 * A hostile request, symbolically: what fast-check generates and shrinks. It becomes bytes
 * on the wire only when sent (`render`), against the world as it is at that moment.
 */
export interface HostileRequest {
  intent: 'valid' | 'hostile';
  method: string;
  segments: Segment[];
  auth: AuthChoice;
  query: QueryChoice;
  headers: Array<[string, string | Ref]>;
  body: BodyChoice;
}

export type Segment = { kind: 'ref'; ref: RefKind; pick: number; style: 'plain' | 'upper' | 'percent' } | { kind: 'text'; text: string };

export type AuthChoice =
  | { kind: 'actor'; who: ActorKey; scheme: string }
  | { kind: 'none' }
  | { kind: 'forged'; pick: number; scheme: string }
  | { kind: 'header'; value: string }
  | { kind: 'mangled'; who: ActorKey; how: Mangle };

type Mangle = 'truncate' | 'flip' | 'junk' | 'two-tokens' | 'comma' | 'tab' | 'no-space' | 'basic' | 'token-scheme' | 'in-query' | 'in-cookie' | 'quoted';

export type QueryChoice = { kind: 'pairs'; pairs: Array<[string, Json]> } | { kind: 'raw'; text: string };

export type BodyChoice =
  | { kind: 'none' }
  | { kind: 'json'; value: Json; contentType: string; chunked: boolean }
  | { kind: 'text'; text: string; contentType: string; chunked: boolean }
  | { kind: 'bytes'; bytes: Uint8Array; contentType: string }
  | { kind: 'oversize'; over: number; contentType: string; chunked: boolean };

/** Methods Node's parser accepts (CONNECT means a tunnel, not a request). */
const METHODS = http.METHODS.filter((m) => m !== 'CONNECT');
const SCHEMES = ['Bearer ', 'bearer ', 'BEARER ', 'Bearer   ', 'BeArEr '];

const hint: Hint = (name, schema) => {
  const pickRef = (kind: RefKind) => fc.nat(50).map((n) => new Ref(kind, n));
  switch (name) {
    case 'email':
      return fc.oneof({ arbitrary: pickRef('email:fresh'), weight: 3 }, { arbitrary: pickRef('email:actor'), weight: 2 }, { arbitrary: fc.emailAddress(), weight: 1 });
    case 'password':
      return fc.oneof(pickRef('password:actor'), fc.string({ minLength: 8, maxLength: 40 }), fc.constantFrom('short', 'é'.repeat(37), 'x'.repeat(72), 'x'.repeat(73)));
    case 'currentPassword':
      return fc.oneof({ arbitrary: pickRef('password:self'), weight: 3 }, { arbitrary: fc.string({ minLength: 1, maxLength: 20 }), weight: 1 });
    case 'newPassword':
      return fc.oneof(pickRef('password:self'), fc.string({ minLength: 8, maxLength: 30 }).filter((s) => Buffer.byteLength(s) <= 72));
    case 'customerId':
      return fc.oneof({ arbitrary: pickRef('user:customer'), weight: 3 }, { arbitrary: pickRef('user:victim'), weight: 1 }, { arbitrary: fc.uuid({ version: 4 }), weight: 1 });
    case 'lastReadMessageId':
      return fc.oneof({ arbitrary: pickRef('message:target'), weight: 3 }, { arbitrary: pickRef('message:any'), weight: 1 }, { arbitrary: fc.stringMatching(new RegExp(schema.pattern ?? '^[1-9]\\d{0,17}$')), weight: 1 });
    case 'cursor':
      return fc.oneof(pickRef('cursor'), fc.base64String({ maxLength: 60 }));
    case 'before':
    case 'after':
      return fc.oneof(pickRef('message:target'), fc.stringMatching(new RegExp(schema.pattern ?? '^[1-9]\\d{0,17}$')));
    default:
      return undefined;
  }
};

/** Which kind of id a `:param` names, from the collection before it ("/api/orders/:id" → orders). */
function segmentRefs(route: HostileRoute, index: number): { valid: RefKind[]; foreign: RefKind[] } {
  const before = route.path.split(`:${route.params[index]}`)[0]!.split('/').filter(Boolean).pop() ?? '';
  if (before === 'users') return { valid: ['user:victim', 'user:victim', 'user:self', 'user:actor'], foreign: ['order:own', 'message:any'] };
  if (before === 'orders') return { valid: ['order:own', 'order:own', 'order:own', 'order:other'], foreign: ['user:self', 'message:any'] };
  return { valid: ['order:own', 'user:victim'], foreign: ['message:any'] };
}

function segmentArbitrary(route: HostileRoute, index: number, hostile: boolean): fc.Arbitrary<Segment> {
  const { valid, foreign } = segmentRefs(route, index);
  const ref = (kinds: RefKind[], styles: Array<'plain' | 'upper' | 'percent'>) =>
    fc.record({ kind: fc.constant('ref' as const), ref: fc.constantFrom(...kinds), pick: fc.nat(50), style: fc.constantFrom(...styles) });
  if (!hostile) return ref(valid, ['plain']);
  const text = (t: fc.Arbitrary<string>) => t.map((s): Segment => ({ kind: 'text', text: s }));
  return fc.oneof(
    { arbitrary: ref(valid, ['plain', 'plain', 'upper', 'percent']), weight: 5 },
    { arbitrary: ref(foreign, ['plain']), weight: 1 },
    { arbitrary: text(fc.uuid({ version: 4 })), weight: 1 },
    { arbitrary: text(fc.constantFrom(...NASTY_SEGMENTS)), weight: 3 },
    { arbitrary: text(hostileString.map((s) => encodeURIComponent(typeof s === 'string' ? s : JSON.stringify(s)))), weight: 1 },
  );
}

function authArbitrary(route: HostileRoute, hostile: boolean): fc.Arbitrary<AuthChoice> {
  const allowed = ACTOR_KEYS.filter((k) => !route.roles || route.roles.length === 0 || route.roles.includes(k === 'other' ? 'customer' : k));
  const actor = (keys: readonly ActorKey[], schemes: string[]) => fc.record({ kind: fc.constant('actor' as const), who: fc.constantFrom(...keys), scheme: fc.constantFrom(...schemes) });
  if (!hostile) return route.isPublic ? fc.oneof({ arbitrary: fc.constant({ kind: 'none' as const }), weight: 4 }, { arbitrary: actor(ACTOR_KEYS, ['Bearer ']), weight: 1 }) : actor(allowed, ['Bearer ']);
  return fc.oneof(
    { arbitrary: actor(ACTOR_KEYS, SCHEMES), weight: 11 },
    { arbitrary: fc.constant({ kind: 'none' as const }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant('forged' as const), pick: fc.nat(100), scheme: fc.constantFrom(...SCHEMES) }), weight: 3 },
    {
      arbitrary: fc.record({
        kind: fc.constant('header' as const),
        value: fc.oneof(fc.constantFrom('Bearer', 'Bearer ', 'bearer', 'Bearer  ', 'Basic dXNlcjpwYXNz', 'Digest x', 'Bearer %%%', 'Bearer a b', 'Bearer ====', 'Bearer ===a', 'Bearer\u00a0x', 'Bearer\u0000'), headerText),
      }),
      weight: 2,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('mangled' as const),
        who: fc.constantFrom(...ACTOR_KEYS),
        how: fc.constantFrom<Mangle>('truncate', 'flip', 'junk', 'two-tokens', 'comma', 'tab', 'no-space', 'basic', 'token-scheme', 'in-query', 'in-cookie', 'quoted'),
      }),
      weight: 2,
    },
  );
}

function validQuery(route: HostileRoute): fc.Arbitrary<Array<[string, Json]>> {
  if (route.query.length === 0) return fc.constant([]);
  const one = route.query.map(({ name, required, schema }) => {
    // Query values travel as text; a schema's integer is sent as its decimal string.
    const value = arbitraryFor(schema, hint, name).map((v) => (typeof v === 'number' ? String(v) : v));
    const entry = value.map((v): Array<[string, Json]> => [[name, v]]);
    return required ? entry : fc.option(entry, { nil: undefined, freq: 3 }).map((e) => e ?? []);
  });
  return fc.tuple(...one).map((parts) => parts.flat());
}

const QUERY_KEYS = ['limit', 'cursor', 'status', 'before', 'after', 'role', 'q', 'access_token', 'token', '__proto__', 'constructor', 'limit[]', 'status[0]', 'include', 'sort', 'offset', ''];
const RAW_QUERIES = [
  '', '&', '&&&', '=', '==', '=x', 'limit', 'limit=', 'limit=1&limit=2', 'limit=%', 'limit=%zz', 'limit=%00', 'limit=1e2', 'limit=0x10', 'limit=-0',
  'limit=%20', 'limit=NaN', 'limit=Infinity', 'limit=1e400', 'limit=100.0', 'limit=101', 'cursor=' + 'A'.repeat(201), 'status=pending&status=cancelled',
  'status[]=pending', 'status[a]=1', '__proto__[role]=admin', 'constructor[prototype][x]=1', 'before=1&after=1', 'before=0', 'after=99999999999999999999',
  'q=%25', 'q=_', 'q=%5C', 'q=%00', 'role=ADMIN', 'a'.repeat(6000) + '=1', '%E0%A4%A=1', '%ED%A0%80', `q=${'x'.repeat(17_000)}`,
];

function queryArbitrary(route: HostileRoute, hostile: boolean): fc.Arbitrary<QueryChoice> {
  const valid = validQuery(route).map((pairs): QueryChoice => ({ kind: 'pairs', pairs }));
  if (!hostile) return valid;
  const mutated = fc.tuple(validQuery(route), fc.array(fc.tuple(fc.constantFrom(...QUERY_KEYS, ...route.query.map((q) => q.name)), hostileValue), { minLength: 1, maxLength: 3 })).map(
    ([pairs, extra]): QueryChoice => ({ kind: 'pairs', pairs: [...pairs, ...extra] }),
  );
  const raw = fc.constantFrom(...RAW_QUERIES).map((text): QueryChoice => ({ kind: 'raw', text }));
  return route.query.length > 0
    ? fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: mutated, weight: 3 }, { arbitrary: raw, weight: 2 })
    : fc.oneof({ arbitrary: fc.constant<QueryChoice>({ kind: 'pairs', pairs: [] }), weight: 6 }, { arbitrary: mutated, weight: 1 }, { arbitrary: raw, weight: 1 });
}

const idempotencyKey = fc.oneof(
  { arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{8,24}$/), weight: 3 },
  { arbitrary: fc.nat(50).map((n): string | Ref => new Ref('idempotency:used', n)), weight: 2 },
  { arbitrary: fc.constantFrom('x'.repeat(200), 'x'.repeat(201), 'a b', ' ', 'é', 'k\u007f', 'a, b'), weight: 1 },
  { arbitrary: headerText, weight: 1 },
);
const ifMatch = fc.oneof(
  fc.constantFrom<string | Ref>(new Ref('version:current', 0), new Ref('version:stale', 0), '*', '"0"', 'W/"0"', '"abc"', '"99999999999"', '"-1"', '""', '0', '"1", "2"', '"0000000001"'),
  headerText,
);
const lastEventId = fc.oneof(
  fc.constantFrom('0', '1', '-1', 'abc', '1.5', '00', '01', '9223372036854775807', '9223372036854775808', '99999999999999999999', ' 1 ', '', '1e3', '0x1'),
  headerText,
);

function headersArbitrary(hostile: boolean): fc.Arbitrary<Array<[string, string | Ref]>> {
  const header = fc.oneof(
    { arbitrary: fc.tuple(fc.constant('Idempotency-Key'), idempotencyKey), weight: 3 },
    { arbitrary: fc.tuple(fc.constant('If-Match'), ifMatch), weight: 3 },
    { arbitrary: fc.tuple(fc.constant('Last-Event-ID'), lastEventId), weight: hostile ? 2 : 0 },
    {
      arbitrary: fc.tuple(
        fc.constantFrom('X-Request-Id', 'Origin', 'X-Forwarded-For', 'Accept', 'Accept-Encoding', 'Content-Encoding', 'Cookie', 'If-None-Match', 'Range', 'X-HTTP-Method-Override', 'Forwarded', 'Accept-Language', 'X-Custom'),
        fc.oneof(headerText, fc.constantFrom('https://evil.test', 'null', 'gzip', 'text/html', '*/*', 'DELETE', 'bytes=0-1', '127.0.0.1, 10.0.0.1', 'role=admin')),
      ),
      weight: hostile ? 3 : 0,
    },
  );
  return fc.array(header as fc.Arbitrary<[string, string | Ref]>, { maxLength: hostile ? 3 : 1 });
}

function bodyArbitrary(route: HostileRoute, hostile: boolean): fc.Arbitrary<BodyChoice> {
  const valid = route.body ? arbitraryFor(route.body as JsonSchema, hint) : undefined;
  const json = (value: fc.Arbitrary<Json>, types: string[]) =>
    fc.record({ kind: fc.constant('json' as const), value, contentType: fc.constantFrom(...types), chunked: fc.boolean() });
  if (!hostile) return valid ? json(valid, ['application/json']) : fc.constant({ kind: 'none' as const });
  const base = valid ?? (fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>);
  const mutated = fc.tuple(base, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([v, ms]: [Json, Mutation[]]) => ms.reduce(applyMutation, v));
  const anyType = [...GOOD_CONTENT_TYPES, ...GOOD_CONTENT_TYPES, ...BAD_CONTENT_TYPES];
  const text = fc.record({
    kind: fc.constant('text' as const),
    text: fc.oneof(fc.constantFrom(...INVALID_JSON, ...JSON_SCALARS), fc.string({ unit: 'binary', maxLength: 50 })),
    contentType: fc.constantFrom(...anyType),
    chunked: fc.boolean(),
  });
  const bytes = fc.record({ kind: fc.constant('bytes' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }), contentType: fc.constantFrom(...anyType) });
  const oversize = fc.record({
    kind: fc.constant('oversize' as const),
    over: fc.constantFrom(-1, 0, 1, 2, 1000, 200_000),
    contentType: fc.constantFrom(...GOOD_CONTENT_TYPES, 'text/plain'),
    chunked: fc.boolean(),
  });
  const none = fc.constant({ kind: 'none' as const });
  if (!valid) {
    return fc.oneof({ arbitrary: none, weight: 12 }, { arbitrary: json(mutated, anyType), weight: 1 }, { arbitrary: text, weight: 1 }, { arbitrary: oversize, weight: 1 });
  }
  return fc.oneof(
    { arbitrary: json(valid, GOOD_CONTENT_TYPES), weight: 3 },
    { arbitrary: json(mutated, GOOD_CONTENT_TYPES), weight: 8 },
    { arbitrary: json(fc.oneof(valid, mutated), BAD_CONTENT_TYPES), weight: 1 },
    { arbitrary: json(hostileValue, GOOD_CONTENT_TYPES), weight: 1 },
    { arbitrary: text, weight: 2 },
    { arbitrary: bytes, weight: 1 },
    { arbitrary: oversize, weight: 1 },
    { arbitrary: none, weight: 1 },
  );
}

/** Requests for one route: a quarter well-formed (so state moves), the rest hostile in one or more ways. */
export function requestArbitrary(route: HostileRoute): fc.Arbitrary<HostileRequest> {
  const build = (hostile: boolean) =>
    fc.record({
      intent: fc.constant(hostile ? ('hostile' as const) : ('valid' as const)),
      method: hostile ? fc.oneof({ arbitrary: fc.constant(route.method), weight: 9 }, { arbitrary: fc.constantFrom(...METHODS), weight: 1 }) : fc.constant(route.method),
      segments: fc.tuple(...route.params.map((_, i) => segmentArbitrary(route, i, hostile))),
      auth: authArbitrary(route, hostile),
      query: queryArbitrary(route, hostile),
      headers: headersArbitrary(hostile),
      body: bodyArbitrary(route, hostile),
    });
  return fc.oneof({ arbitrary: build(false), weight: 1 }, { arbitrary: build(true), weight: 3 });
}

/** Requests to paths nobody defined, and to known paths with odd spellings. */
export function strayRequestArbitrary(): fc.Arbitrary<{ method: string; target: string; auth: AuthChoice }> {
  const segment = fc.oneof(fc.constantFrom('api', 'orders', 'users', 'auth', 'events', 'x', '..', '.', '', '%2e', 'API', 'Orders', 'index.html', '%00'), fc.webSegment());
  const path = fc.oneof(
    fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => `/${s.join('/')}`),
    fc.array(segment, { minLength: 0, maxLength: 4 }).map((s) => `/api/${s.join('/')}`),
    fc.constantFrom('/api', '/api/', '//api/orders', '/api//orders', '/api/orders/', '/API/ORDERS', '/api/orders;x', '/api/orders%2F', '/api/./orders', '/api/orders/../users', '*', '/.well-known/', '/api/openapi.json/x', '/api/health?x=%zz'),
  );
  return fc.record({
    method: fc.constantFrom(...METHODS),
    target: path,
    auth: fc.oneof(fc.constant({ kind: 'none' as const }), fc.record({ kind: fc.constant('actor' as const), who: fc.constantFrom(...ACTOR_KEYS), scheme: fc.constant('Bearer ') })),
  });
}

export interface Rendered {
  method: string;
  target: string;
  headers: Array<[string, string]>;
  body?: Buffer;
  chunked: boolean;
  /** The acting user, when the Authorization header carries one of their valid tokens. */
  authenticatedAs: Actor | undefined;
  /** Who the Refs were resolved for (the acting user, else the customer). */
  actor: Actor;
  targetOrder: string | undefined;
  idempotencyKey: string | undefined;
}

const percentEncodeAll = (s: string) => [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');
const onRequestLine = (s: string) => s.replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(c));

function authorization(auth: AuthChoice, world: World): { headers: Array<[string, string]>; query: string[]; actor: Actor | undefined } {
  switch (auth.kind) {
    case 'none':
      return { headers: [], query: [], actor: undefined };
    case 'actor':
      return { headers: [['Authorization', `${auth.scheme}${world.actors[auth.who].token}`]], query: [], actor: world.actors[auth.who] };
    case 'forged': {
      const forged = world.forged[auth.pick % world.forged.length]!;
      return { headers: [['Authorization', `${auth.scheme}${forged.token}`]], query: [], actor: undefined };
    }
    case 'header':
      return { headers: [['Authorization', auth.value]], query: [], actor: undefined };
    case 'mangled': {
      const token = world.actors[auth.who].token;
      // Not the last character: its low bits are padding, so changing them leaves the same signature bytes.
      const flipped = `${token.slice(0, -10)}${token.at(-10) === 'A' ? 'B' : 'A'}${token.slice(-9)}`;
      const value: Record<Exclude<Mangle, 'in-query' | 'in-cookie'>, string> = {
        truncate: `Bearer ${token.slice(0, -10)}`,
        flip: `Bearer ${flipped}`,
        junk: `Bearer ${token}junk`,
        'two-tokens': `Bearer ${token} ${token}`,
        comma: `Bearer ${token}, Bearer ${token}`,
        tab: `Bearer\t${token}`,
        'no-space': `Bearer${token}`,
        basic: `Basic ${Buffer.from(`${world.actors[auth.who].email}:${world.actors[auth.who].password}`).toString('base64')}`,
        'token-scheme': `Token ${token}`,
        quoted: `Bearer "${token}"`,
      };
      if (auth.how === 'in-query') return { headers: [], query: [`access_token=${token}`], actor: undefined };
      if (auth.how === 'in-cookie') return { headers: [['Cookie', `token=${token}; access_token=${token}`]], query: [], actor: undefined };
      return { headers: [['Authorization', value[auth.how]]], query: [], actor: undefined };
    }
  }
}

/** Turns the symbolic request into bytes for the wire, resolving every Ref against the world now. */
export async function render(route: HostileRoute, req: HostileRequest, world: World): Promise<Rendered> {
  const auth = authorization(req.auth, world);
  const actor = auth.actor ?? world.actors.customer;
  let targetOrder: string | undefined;
  const resolve = (ref: Ref): Json => world.resolve(ref, actor, route.path, targetOrder);
  const segments = req.segments.map((s, i) => {
    if (s.kind === 'text') return s.text;
    const id = String(resolve(new Ref(s.ref, s.pick)));
    if (i === 0 && s.ref.startsWith('order:')) targetOrder = id;
    return s.style === 'upper' ? id.toUpperCase() : s.style === 'percent' ? percentEncodeAll(id) : id;
  });
  let i = 0;
  const path = route.path.replace(/:([A-Za-z0-9_]+)/g, () => segments[i++] ?? '');

  const queryParts = [...auth.query];
  if (req.query.kind === 'raw') queryParts.push(onRequestLine(req.query.text));
  else {
    for (const [key, value] of req.query.pairs) {
      const text = (v: Json): string => (typeof v === 'string' ? v : v instanceof Ref ? text(resolve(v)) : toJsonText(v, resolve));
      const values = Array.isArray(value) ? value : [value];
      // Capped so the request line stays under Node's 16 KiB header limit (RAW_QUERIES has one that is not).
      for (const v of values) queryParts.push(`${encodeURIComponent(key)}=${encodeURIComponent(text(v).slice(0, 2000))}`);
    }
  }
  const target = `${path}${queryParts.length > 0 ? `?${queryParts.join('&')}` : ''}`;

  const headers: Array<[string, string]> = auth.headers.map(([name, value]) => [name, toHeaderValue(value)]);
  let idempotencyKey: string | undefined;
  for (const [name, value] of req.headers) {
    let text: string;
    if (value instanceof Ref) {
      if (value.kind === 'version:current' || value.kind === 'version:stale') {
        const version = await world.versionOf(targetOrder);
        text = `"${value.kind === 'version:current' ? version : version - 1}"`;
      } else text = String(resolve(value));
    } else text = value;
    text = toHeaderValue(text);
    if (name === 'Idempotency-Key') idempotencyKey = text;
    headers.push([name, text]);
  }

  let body: Buffer | undefined;
  let chunked = false;
  const b = req.body;
  if (b.kind !== 'none') {
    headers.push(['Content-Type', b.contentType]);
    if (b.kind === 'json') body = Buffer.from(toJsonText(b.value, resolve));
    else if (b.kind === 'text') body = Buffer.from(b.text);
    else if (b.kind === 'bytes') body = Buffer.from(b.bytes);
    else {
      // A body that is valid JSON apart from its size: an object padded to exactly limit + over bytes.
      const size = BODY_LIMIT_BYTES + b.over;
      const shell = toJsonText(objectOf([['pad', '']]), resolve);
      body = Buffer.from(shell.replace('""', `"${'x'.repeat(Math.max(0, size - shell.length))}"`));
    }
    chunked = 'chunked' in b && b.chunked;
  }
  return { method: req.method, target: onRequestLine(target), headers, body, chunked, authenticatedAs: auth.actor, actor, targetOrder, idempotencyKey };
}

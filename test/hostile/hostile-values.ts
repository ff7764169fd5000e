import fc from 'fast-check';
import { getAt, isObject, objectOf, pathsOf, Raw, Ref, setKey, updateAt, type Json, type JsonObject } from './json-model.js';

/**
 * The building blocks of hostile input: values a careless or malicious client sends, and
 * mutations that turn a valid body into an almost-valid one (the interesting kind: it
 * gets past the first checks).
 */

const deepArray = (depth: number) => new Raw(`${'['.repeat(depth)}${']'.repeat(depth)}`);
const deepObject = (depth: number) => new Raw(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

export const hostileNumber: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    0, -0, -1, 1.5, 0.1, 1e-7, 1e308, -1e308, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2,
    2 ** 31, -(2 ** 31), 2 ** 31 - 1, 2 ** 63, 1000, 1001, 10_000_000, 10_000_001, 50, 51, 100, 101,
  ),
  fc.constantFrom(
    new Raw('1e999'), new Raw('-1e999'), new Raw('1E2'), new Raw('1.0'), new Raw('-0.0'), new Raw('0.5e1'),
    new Raw('123456789012345678901234567890'), new Raw('9223372036854775808'), new Raw('1e-400'),
  ),
  fc.integer(),
  fc.double(),
);

const NASTY_STRINGS = [
  '', ' ', '\t\n', 'NaN', 'Infinity', '-Infinity', '-1', '0', '1e3', '0x10', '1_000', 'null', 'undefined', 'true', '[]', '{}',
  '\u0000', 'a\u0000b', '\u0000'.repeat(3), '\u202e', '\ufeff', '\u200b', '\u2028', 'ʕ•ᴥ•ʔ', '😀', 'é', 'e\u0301', '\uffff',
  '\\', '%', '_', '%_\\', "' OR 1=1 --", '"; DROP TABLE orders; --', '$1', '<script>alert(1)</script>', '{{7*7}}', '${7*7}',
  '../../etc/passwd', '%00', '%2e%2e', '__proto__', 'constructor', 'prototype', 'admin', 'staff', 'customer', 'cancelled',
  'PENDING', ' pending', 'Bearer x', 'a'.repeat(255), 'é'.repeat(101), '€'.repeat(25), '😀'.repeat(19),
];

export const hostileString: fc.Arbitrary<Json> = fc.oneof(
  { arbitrary: fc.constantFrom<Json>(...NASTY_STRINGS), weight: 4 },
  // Lone surrogates: legal in JSON text, not in UTF-8.
  { arbitrary: fc.constantFrom(new Raw('"\\ud800"'), new Raw('"x\\udfff"'), new Raw('"\\u0000"'), new Raw('"\\uD83D\\uDE00"')), weight: 1 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 2 },
  { arbitrary: fc.constantFrom(100, 101, 200, 201, 254, 255, 320, 1000, 1001, 1024, 1025, 4000, 4001, 20_000).chain((n) => fc.constantFrom('x', '€', ' ', '\u0000').map((c) => c.repeat(n))), weight: 1 },
);

const PROTO_OBJECTS: Json[] = [
  new Raw('{"__proto__":{"role":"admin","isAdmin":true,"polluted":1}}'),
  new Raw('{"constructor":{"prototype":{"polluted":1}}}'),
  objectOf([['__proto__', objectOf([['polluted', 1]])]]),
  new Raw('{"a":1,"a":2}'),
];

export const hostileStructure: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>([], [null], {}, [[]], [{}], ...PROTO_OBJECTS),
  fc.constantFrom(10, 100, 1000, 5000).map(deepArray),
  fc.constantFrom(10, 100, 1000, 5000).map(deepObject),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
);

export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  { arbitrary: hostileNumber, weight: 3 },
  { arbitrary: hostileString, weight: 4 },
  { arbitrary: fc.constantFrom<Json>(true, false, null), weight: 1 },
  { arbitrary: hostileStructure, weight: 2 },
);

/** Keys a mass-assignment attack adds: server-owned fields, privilege flags, prototype keys. */
export const EXTRA_KEYS = [
  'role', 'isAdmin', 'admin', 'id', 'userId', 'customerId', 'authorId', 'status', 'totalCents', 'version', 'number', 'currency',
  'createdAt', 'updatedAt', 'disabled', 'tokenVersion', 'token_version', 'passwordHash', 'password_hash', 'history', 'customer',
  'author', 'unreadCount', '__proto__', 'constructor', 'prototype', '', ' ', 'ROLE', 'role\u0000',
];

const plausibleExtra: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>('admin', 'staff', true, 0, 1, 99, 'delivered', '2000-01-01T00:00:00.000Z', null, objectOf([['polluted', 1]])),
  fc.nat(50).map((pick) => new Ref('user:actor', pick)),
);

export type Mutation =
  | { op: 'replace'; where: number; value: Json }
  | { op: 'delete'; where: number }
  | { op: 'addKey'; where: number; key: string; value: Json }
  | { op: 'wrap'; where: number }
  | { op: 'stringify'; where: number }
  | { op: 'repeat'; where: number; length: number };

const where = fc.nat(1000);
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('replace' as const), where, value: hostileValue }), weight: 6 },
  { arbitrary: fc.record({ op: fc.constant('delete' as const), where }), weight: 2 },
  {
    arbitrary: fc.record({
      op: fc.constant('addKey' as const),
      where,
      key: fc.oneof({ arbitrary: fc.constantFrom(...EXTRA_KEYS), weight: 4 }, { arbitrary: fc.string({ maxLength: 10 }), weight: 1 }),
      value: fc.oneof(plausibleExtra, hostileValue),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ op: fc.constant('wrap' as const), where }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('stringify' as const), where }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('repeat' as const), where, length: fc.constantFrom(0, 2, 50, 51, 101, 201, 1001, 4001) }), weight: 1 },
);

function repeated(node: Json, length: number): Json {
  if (typeof node === 'string') return node.length === 0 ? 'x'.repeat(length) : node.repeat(Math.ceil(length / node.length)).slice(0, length);
  if (Array.isArray(node)) return node.length === 0 ? [] : Array.from({ length: Math.min(length, 200) }, (_, i) => node[i % node.length]!);
  return Array.from({ length: Math.min(length, 200) }, () => node);
}

/** Applies one mutation to a copy; `where` picks a position modulo the positions there are. */
export function applyMutation(value: Json, m: Mutation): Json {
  const paths = pathsOf(value);
  if (m.op === 'addKey') {
    const objects = paths.filter((p) => {
      const node = getAt(value, p);
      return node !== undefined && isObject(node);
    });
    if (objects.length === 0) return value;
    const at = objects[m.where % objects.length]!;
    return (
      updateAt(value, at, (node) => {
        const copy: JsonObject = {};
        for (const k of Object.keys(node as JsonObject)) setKey(copy, k, (node as JsonObject)[k]!);
        setKey(copy, m.key, m.value);
        return copy;
      }) ?? value
    );
  }
  const at = paths[m.where % paths.length]!;
  switch (m.op) {
    case 'replace':
      return updateAt(value, at, () => m.value) ?? m.value;
    case 'delete':
      // Deleting the root leaves no body at all: JSON `null` stands in for it.
      return at.length === 0 ? null : (updateAt(value, at, () => undefined) ?? null);
    case 'wrap':
      return updateAt(value, at, (node) => [node]) ?? value;
    case 'stringify':
      return updateAt(value, at, (node) => (node instanceof Raw ? node.text : node instanceof Ref ? node.kind : JSON.stringify(node) ?? 'null')) ?? value;
    case 'repeat':
      return updateAt(value, at, (node) => repeated(node, m.length)) ?? value;
  }
}

/** Whole bodies that are not the JSON the route wants at all. */
export const INVALID_JSON = [
  '{', '}', '{"a":}', "{'a':1}", '{a:1}', '{"a":1,}', '[1,]', '{} x', '{}{}', 'undefined', 'NaN', 'Infinity', '-', '+1', '01',
  '"unterminated', '\ufeff{}', '\u0000', ' ', '\n', 'nul', 'tru', '{"a":"\\x41"}', '{"a":"\\u12"}', '/* c */ {}', '{"a":1}//',
];

export const JSON_SCALARS = ['null', 'true', 'false', '0', '-1', '"a"', '""', '[]', '[{}]', '1e999'];

/** Content-Type values, acceptable ones first. */
export const GOOD_CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/json;charset=UTF-8', 'Application/JSON', 'application/json; charset="utf-8"'];
export const BAD_CONTENT_TYPES = [
  '', 'text/plain', 'text/json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml',
  'application/json; charset=latin1', 'application/json; charset=utf-16', 'application/json; charset=', 'application/jsonp',
  'application/json-patch+json', 'application/merge-patch+json', 'application/vnd.api+json', 'application/json, text/plain',
  'application/json;;', ';', 'application/', '*/*', 'application/json; foo', 'application/json; charset=utf-8; charset=latin1',
  'a'.repeat(2000),
];

/** Path segments a client should never send, already safe to put on the request line. */
export const NASTY_SEGMENTS = [
  '', '.', '..', '%2e%2e', '%2E', '%2F', '..%2F..%2Fusers', '%00', '%', '%%', '%zz', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '%FF',
  '0', '1', '-1', '1.5', '1e309', 'NaN', 'null', 'undefined', 'true', '__proto__', 'constructor', 'prototype', 'me', 'new',
  '%27%20OR%201%3D1--', '*', '~', 'a'.repeat(5000), '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-0000-0000-00000000000', '00000000-0000-0000-0000-0000000000000', '{00000000-0000-4000-8000-000000000000}',
  'urn:uuid:00000000-0000-4000-8000-000000000000', '00000000000040008000000000000000', '%30%30%30%30%30%30%30%30-0000-4000-8000-000000000000',
  'g0000000-0000-4000-8000-000000000000', '00000000-0000-4000-8000-000000000000%00', '00000000-0000-4000-8000-000000000000%20',
  '00000000-0000-4000-8000-000000000000;x', '00000000-0000-4000-8000-000000000000.json', '9223372036854775808', '18446744073709551616',
];

/** Header values go on the wire as bytes; Node refuses characters outside latin-1 (and CR/LF/NUL), so non-ASCII text travels as its UTF-8 bytes. */
export const toHeaderValue = (s: string): string =>
  [...Buffer.from(s, 'utf8').toString('latin1')].filter((c) => c === '\t' || (c >= ' ' && c !== '\u007f')).join('');

export const headerText: fc.Arbitrary<string> = fc
  .oneof(
    fc.constantFrom('', ' ', 'x', '*', '"', '""', '\t', 'null', '-1', '0', '1'.repeat(30), 'é', '😀', '%00', 'a, b', 'a,b', '\u00ff', 'x'.repeat(4000)),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary-ascii', maxLength: 40 }),
  )
  .map(toHeaderValue);

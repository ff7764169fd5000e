/**
 * The values the hostile generators build: JSON, plus two things JSON.stringify cannot
 * express. `Raw` is JSON text emitted verbatim (1e999, a lone surrogate, duplicate keys,
 * 10 000 levels of nesting); `Ref` is a placeholder the world fills in when the request is
 * sent (an order id that exists by then, the caller's current password), so generated
 * requests stay meaningful while the database changes under them, and shrink well.
 */
export class Raw {
  constructor(readonly text: string) {}
}

export type RefKind =
  | 'order:own' // an order of the caller (any order for staff and admins)
  | 'order:other' // an order of another customer
  | 'user:self'
  | 'user:victim' // a user created for others to act on
  | 'user:actor' // one of the four signed-in users
  | 'user:customer' // any customer (for customerId)
  | 'message:any'
  | 'message:target' // a message of the order named in the path
  | 'email:actor'
  | 'email:fresh'
  | 'password:self'
  | 'password:actor'
  | 'cursor' // a nextCursor this route handed out
  | 'idempotency:used' // a key the caller already used
  | 'version:current' // the current version of the order in the path
  | 'version:stale';

export class Ref {
  constructor(
    readonly kind: RefKind,
    readonly pick: number,
  ) {}
}

export type Json = null | boolean | number | string | Raw | Ref | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export const isObject = (v: Json): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Raw) && !(v instanceof Ref);

/** Sets an own enumerable key, `__proto__` included (plain assignment would change the prototype instead). */
export function setKey(target: JsonObject, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function objectOf(entries: Array<[string, Json]>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of entries) setKey(out, k, v);
  return out;
}

/** JSON text of `value`; refs are resolved by `resolve` (which may itself return any Json). */
export function toJsonText(value: Json | undefined, resolve: (ref: Ref) => Json): string {
  if (value === undefined) return 'null';
  if (value instanceof Raw) return value.text;
  if (value instanceof Ref) return toJsonText(resolve(value), resolve);
  if (Array.isArray(value)) return `[${value.map((v) => toJsonText(v, resolve)).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .map((k) => `${JSON.stringify(k)}:${toJsonText(value[k], resolve)}`)
      .join(',')}}`;
  }
  // NaN and ±Infinity have no JSON form; JSON.stringify writes null, which is what a client library would send.
  return JSON.stringify(value);
}

export type Path = Array<string | number>;

/** Every position in the tree, the root ([]) first. */
export function pathsOf(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (isObject(value)) for (const k of Object.keys(value)) pathsOf(value[k]!, [...prefix, k], out);
  return out;
}

export function getAt(value: Json, path: Path): Json | undefined {
  let here: Json | undefined = value;
  for (const step of path) {
    if (Array.isArray(here) && typeof step === 'number') here = here[step];
    else if (here !== undefined && isObject(here) && typeof step === 'string') here = here[step];
    else return undefined;
  }
  return here;
}

/**
 * A copy of `value` with the node at `path` replaced by `fn(node)`; when fn returns
 * undefined the node is removed (a key deleted, an array element spliced out).
 */
export function updateAt(value: Json, path: Path, fn: (node: Json) => Json | undefined): Json | undefined {
  if (path.length === 0) return fn(value);
  const [step, ...rest] = path;
  if (Array.isArray(value) && typeof step === 'number') {
    const copy = [...value];
    const next = updateAt(copy[step]!, rest, fn);
    if (next === undefined) copy.splice(step, 1);
    else copy[step] = next;
    return copy;
  }
  if (isObject(value) && typeof step === 'string') {
    const copy: JsonObject = {};
    for (const k of Object.keys(value)) {
      if (k !== step) {
        setKey(copy, k, value[k]!);
        continue;
      }
      const next = updateAt(value[k]!, rest, fn);
      if (next !== undefined) setKey(copy, k, next);
    }
    return copy;
  }
  return value;
}

import fc from 'fast-check';
import { objectOf, type Json } from './json-model.js';

/** The subset of JSON Schema (draft 2020-12) that zod's toJSONSchema writes for our route schemas. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  pattern?: string;
  format?: string;
  default?: unknown;
}

/**
 * A generator of realistic values for a property, by name (e.g. `email` draws known and
 * fresh addresses rather than random text). Undefined: use the schema.
 */
export type Hint = (name: string | undefined, schema: JsonSchema) => fc.Arbitrary<Json> | undefined;

const MAX_GENERATED_ITEMS = 4;
const MAX_GENERATED_TEXT = 40;

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<Json> {
  if (schema.format === 'uuid') return fc.uuid({ version: 4 });
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.format === 'date-time') return fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }).map((d) => d.toISOString());
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, schema.maxLength ?? MAX_GENERATED_TEXT);
  const short = fc.string({ minLength, maxLength: Math.min(maxLength, Math.max(minLength, MAX_GENERATED_TEXT)), unit: 'grapheme' });
  // The longest allowed value, now and then: limits are where off-by-ones live.
  const longest = fc.constantFrom('x', 'é', '€').map((c) => c.repeat(maxLength));
  // Non-blank, so a trimming schema with a minimum keeps its meaning ("  " is not a name).
  const nonBlank = short.filter((s) => minLength === 0 || s.trim().length >= minLength);
  return fc.oneof({ arbitrary: nonBlank, weight: 9 }, { arbitrary: longest, weight: 1 });
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<Json> {
  const lo = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1_000_000);
  const hi = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1_000_000);
  const edges = fc.constantFrom(lo, hi);
  const any = integer ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }) : fc.double({ min: lo, max: hi, noNaN: true });
  return fc.oneof({ arbitrary: any, weight: 4 }, { arbitrary: edges, weight: 1 });
}

/** Values that satisfy `schema` (as far as its JSON Schema says: refinements like "no NUL" are the mutators' business). */
export function arbitraryFor(schema: JsonSchema, hint: Hint = () => undefined, name?: string): fc.Arbitrary<Json> {
  const hinted = hint(name, schema);
  if (hinted) return hinted;
  if (schema.const !== undefined) return fc.constant(schema.const as Json);
  if (schema.enum) return fc.constantFrom(...(schema.enum as Json[]));
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => arbitraryFor(s, hint, name)));
  if (schema.allOf?.length) return arbitraryFor(Object.assign({}, ...schema.allOf) as JsonSchema, hint, name);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return numberArbitrary(schema, true);
    case 'number':
      return numberArbitrary(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? MAX_GENERATED_ITEMS, MAX_GENERATED_ITEMS));
      return fc.array(arbitraryFor(schema.items ?? {}, hint), { minLength, maxLength });
    }
    case 'object': {
      const properties = Object.entries(schema.properties ?? {});
      const required = new Set(schema.required ?? []);
      if (properties.length === 0) return fc.constant(objectOf([]));
      // Each optional property is present or absent; required ones always are.
      const entries = properties.map(([key, property]) => {
        const value = arbitraryFor(property, hint, key).map((v): [string, Json] => [key, v]);
        return required.has(key) ? value.map((e) => [e]) : fc.option(value, { nil: undefined, freq: 2 }).map((e) => (e ? [e] : []));
      });
      return fc.tuple(...entries).map((parts) => objectOf(parts.flat() as Array<[string, Json]>));
    }
    default:
      // No type (e.g. `unknown`): any small JSON value.
      return fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
  }
}

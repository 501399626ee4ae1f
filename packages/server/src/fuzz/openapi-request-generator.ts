/** A JSON schema node as found in the OpenAPI document (only the parts the generator reads). */
interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  additionalProperties?: boolean | Schema;
  format?: string;
  minimum?: number;
  maximum?: number;
  default?: unknown;
}

/** One operation of the document, ready to generate requests for. */
export interface FuzzOperation {
  method: string;
  path: string;
  pathParams: string[];
  queryParams: { name: string; schema: Schema }[];
  body: Schema | undefined;
}

/** A small seeded PRNG, so a failing run can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Strings chosen to break things: injection, odd unicode, path tricks, sizes. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  "' OR 1=1 --",
  '"; DROP TABLE runs; --',
  '../../etc/passwd',
  '%2e%2e%2f',
  '\u0000',
  '\u202e\u0301\ud83d\ude00',
  '\ud800',
  '<script>alert(1)</script>',
  '${ACCESS_TOKEN}',
  '{"$where":"1"}',
  'a'.repeat(300),
  'x'.repeat(70_000),
  'NaN',
  '-1',
  '1e309',
  'v99999999999',
  'latest',
  'team:ml',
];

/** Lists the operations of an OpenAPI 3.1 document. */
// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is read structurally, field by field
export function operationsOf(doc: { paths: Record<string, Record<string, any>> }): FuzzOperation[] {
  const out: FuzzOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const params = (op.parameters ?? []) as { in: string; name: string; schema: Schema }[];
      out.push({
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string),
        queryParams: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema })),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return out;
}

/** Generates plausible and hostile values for a schema, resolving `$ref`s against the document. */
export class ValueGenerator {
  constructor(
    private readonly components: Record<string, Schema>,
    private readonly random: () => number,
  ) {}

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  /** A value that usually fits the schema. */
  sample(schema: Schema | undefined, depth = 0): unknown {
    if (!schema || depth > 6) return null;
    if (schema.$ref) return this.sample(this.components[schema.$ref.split('/').pop() as string], depth + 1);
    if (schema.enum) return this.pick(schema.enum);
    const alternatives = schema.anyOf ?? schema.oneOf;
    if (alternatives) return this.sample(this.pick(alternatives), depth + 1);
    if (schema.allOf) return this.sample(schema.allOf[0], depth + 1);
    const type = Array.isArray(schema.type) ? this.pick(schema.type) : schema.type;
    switch (type) {
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const [key, prop] of Object.entries(schema.properties ?? {})) {
          if (schema.required?.includes(key) || this.random() < 0.6) out[key] = this.sample(prop, depth + 1);
        }
        if (!schema.properties && schema.additionalProperties)
          out[`k${Math.floor(this.random() * 5)}`] = this.random();
        return out;
      }
      case 'array':
        return Array.from({ length: Math.floor(this.random() * 3) }, () =>
          this.sample(schema.items, depth + 1),
        );
      case 'integer':
        return Math.floor((schema.minimum ?? 0) + this.random() * 10);
      case 'number':
        return this.random() * 10;
      case 'boolean':
        return this.random() < 0.5;
      case 'null':
        return null;
      case 'string':
        if (schema.format === 'email') return 'someone@example.com';
        return this.pick([
          'ml',
          'cifar',
          'r1',
          'viewer',
          'loss',
          'model',
          'v0',
          'latest',
          'name-1',
          'https://example.com/hook',
        ]);
      default:
        return this.hostileValue(depth);
    }
  }

  /** A value of a random wrong shape. */
  hostileValue(depth = 0): unknown {
    const r = this.random();
    if (r < 0.3) return this.pick(HOSTILE_STRINGS);
    if (r < 0.4) return this.pick([0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2]);
    if (r < 0.5) return this.pick([true, false, null]);
    if (r < 0.6) return [];
    if (r < 0.7) return {};
    if (r < 0.8 && depth < 3) return { nested: this.hostileValue(depth + 1), __proto__x: 1 };
    return [this.hostileValue(depth + 1)];
  }

  /** Mutates a sample: drops, retypes or adds fields, or replaces it wholesale. */
  mutate(value: unknown): unknown {
    const r = this.random();
    if (r < 0.35) return value;
    if (r < 0.45) return this.hostileValue();
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return this.hostileValue();
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(copy);
    const key = keys.length > 0 ? this.pick(keys) : 'extra';
    if (r < 0.6) delete copy[key];
    else if (r < 0.8) copy[key] = this.hostileValue();
    else copy[this.pick(['extra', '__proto__', 'constructor', '$where'])] = this.hostileValue();
    return copy;
  }
}

import { type Compilable, CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../database-schema.js';

const statements = new WeakMap<object, Map<string, string>>();

/**
 * Runs a statement of the write path whose SQL Kysely builds once per dialect (per adapter) and
 * reuses afterwards with new parameters: it saves building and compiling a query tree on every
 * write. `parameters` must be in the order the built query binds them (checked on the first build).
 */
export async function runCachedStatement<R>(
  db: Kysely<Database>,
  name: string,
  parameters: readonly unknown[],
  build: () => Compilable,
): Promise<R[]> {
  const adapter = db.getExecutor().adapter;
  let byName = statements.get(adapter);
  if (!byName) {
    byName = new Map();
    statements.set(adapter, byName);
  }
  let text = byName.get(name);
  if (text === undefined) {
    const compiled = build().compile();
    // The hand-written parameter order must be the one Kysely compiled.
    if (JSON.stringify(compiled.parameters) !== JSON.stringify(parameters)) {
      throw new Error(`statement ${name}: parameters out of order`);
    }
    text = compiled.sql;
    byName.set(name, text);
  }
  const result = await db.executeQuery<R>(CompiledQuery.raw(text, [...parameters]));
  return result.rows;
}

import { CompiledQuery, type Kysely } from 'kysely';

/** The Postgres types of the columns a JSON row insert fills. */
export type PostgresColumnTypes = Readonly<
  Record<string, 'text' | 'integer' | 'bigint' | 'double precision'>
>;

const statements = new Map<string, string>();

/**
 * Inserts rows into a Postgres table as one JSON parameter (`json_to_recordset`): one parameter
 * however many rows, where a VALUES list takes one per value. Postgres accepts at most 65,535,
 * and long before that parsing and planning the list cost more than inserting the rows. Each
 * row is an object keyed by column name; `columns` names the columns and their types.
 */
export async function insertJsonRows<DB>(
  db: Kysely<DB>,
  table: string,
  columns: PostgresColumnTypes,
  rows: readonly object[],
): Promise<void> {
  if (rows.length === 0) return;
  const key = `${table}:${Object.keys(columns).join(',')}`;
  let text = statements.get(key);
  if (text === undefined) {
    const names = Object.keys(columns).join(', ');
    const types = Object.entries(columns)
      .map(([name, type]) => `${name} ${type}`)
      .join(', ');
    text = `insert into ${table} (${names}) select ${names} from json_to_recordset($1::json) as r(${types})`;
    statements.set(key, text);
  }
  await db.executeQuery(CompiledQuery.raw(text, [JSON.stringify(rows)]));
}

/** `items` in slices of at most `size` (statements with a parameter per value stay under the limits). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

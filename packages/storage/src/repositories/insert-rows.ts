import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import { runCachedStatement } from './cached-statement.js';
import { isPostgres } from './id-list.js';

/** The Postgres types of the columns {@link insertRows} fills. */
export type PostgresColumnTypes = Readonly<
  Record<string, 'text' | 'integer' | 'bigint' | 'double precision'>
>;

/** Bound values per SQLite INSERT at most, under its limit of 32,766. */
const SQLITE_VALUES_PER_INSERT = 30_000;

const postgresStatements = new Map<string, string>();

/**
 * Inserts many rows of one table, each an object keyed by column name (every column of
 * `columns`, always in the same key order). Postgres takes them all as one JSON parameter
 * (`json_to_recordset`): one parameter however many rows, where a VALUES list takes one per value,
 * at most 65,535, and long before that parsing and planning the list cost more than inserting the
 * rows. SQLite takes VALUES lists in slices under its limit on bound values; with
 * `reuseSqliteText` (a caller inserting the same few row counts again and again, as a worker
 * settling rounds) the SQL text Kysely builds is kept per row count instead of built each time.
 */
export async function insertRows(
  db: Kysely<Database>,
  table: keyof Database & string,
  columns: PostgresColumnTypes,
  rows: readonly Record<string, unknown>[],
  options: { reuseSqliteText?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return;
  if (isPostgres(db)) {
    await db.executeQuery(CompiledQuery.raw(postgresInsert(table, columns), [JSON.stringify(rows)]));
    return;
  }
  // Kysely types `values` per table; the rows here are already in the table's column names.
  const untyped = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const perInsert = Math.floor(SQLITE_VALUES_PER_INSERT / Object.keys(columns).length);
  for (const slice of chunks(rows, perInsert)) {
    const build = () => untyped.insertInto(table).values(slice);
    if (options.reuseSqliteText) {
      // The parameters in the compiled order: row by row, each row's columns in its key order.
      await runCachedStatement(db, `insert ${table} × ${slice.length}`, slice.flatMap(Object.values), build);
    } else {
      await build().execute();
    }
  }
}

function postgresInsert(table: string, columns: PostgresColumnTypes): string {
  const key = `${table}:${Object.keys(columns).join(',')}`;
  let text = postgresStatements.get(key);
  if (text === undefined) {
    const names = Object.keys(columns).join(', ');
    const types = Object.entries(columns)
      .map(([name, type]) => `${name} ${type}`)
      .join(', ');
    text = `insert into ${table} (${names}) select ${names} from json_to_recordset($1::json) as r(${types})`;
    postgresStatements.set(key, text);
  }
  return text;
}

/** `items` in slices of at most `size` (statements with a parameter per value stay under the limits). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

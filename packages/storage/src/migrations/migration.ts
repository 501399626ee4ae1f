import type { Kysely } from 'kysely';

/** The SQL dialect a database speaks; migrations branch on it only for column types. */
export type DialectName = 'sqlite' | 'postgres';

/** One numbered, forward-only schema change. */
export interface Migration {
  name: string;
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}

/** Column types that differ between the dialects. */
export function columnTypes(dialect: DialectName) {
  return {
    blob: dialect === 'postgres' ? ('bytea' as const) : ('blob' as const),
    /** 64-bit integers: SQLite's integer is already 64-bit. */
    int8: dialect === 'postgres' ? ('bigint' as const) : ('integer' as const),
    float: dialect === 'postgres' ? ('double precision' as const) : ('real' as const),
  };
}

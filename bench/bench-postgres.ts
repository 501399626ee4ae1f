import pg from 'pg';

/** `url` with the connection option that puts every session on `schema`. */
export function schemaDatabaseUrl(url: string, schema: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
}

/** Runs `fn` with a fresh Postgres schema, dropped afterwards whatever happens. */
export async function withBenchSchema<T>(url: string, fn: (schema: string) => Promise<T>): Promise<T> {
  const schema = `bw_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  try {
    return await fn(schema);
  } finally {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

/** A master key for bench servers on Postgres (every process of one deployment shares it). */
export const BENCH_SECRET_KEY = 'bench-only-secret-key-not-for-production';

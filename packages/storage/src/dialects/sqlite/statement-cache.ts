import type SQLite from 'better-sqlite3';

const MAX_STATEMENTS = 1000;

/**
 * Wraps a better-sqlite3 database so `prepare` reuses compiled statements by SQL text. Kysely
 * prepares every query afresh; on the ingest path preparing cost more than executing.
 */
export function withStatementCache(db: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = db.prepare.bind(db);
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'prepare') return Reflect.get(target, property, receiver);
      return (sql: string) => {
        let statement = cache.get(sql);
        if (statement === undefined) {
          statement = prepare(sql);
          if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value as string);
          cache.set(sql, statement);
        }
        return statement;
      };
    },
  });
}

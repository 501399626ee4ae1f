import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../database-schema.js';
import type { DialectName } from '../migrations/migration.js';

/** The Postgres channel that announces newly queued deliveries to workers in other processes. */
export const DELIVERIES_CHANNEL = 'bellwether_deliveries';

/** Tells workers in other processes that deliveries are due (Postgres; SQLite has one process). */
export async function notifyDeliveries(db: Kysely<Database>, dialect: DialectName): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`NOTIFY ${sql.raw(DELIVERIES_CHANNEL)}`.execute(db);
}

/** A dedicated Postgres connection listening for {@link notifyDeliveries}. */
export interface DeliveryListener {
  close(): Promise<void>;
}

/**
 * Opens a connection that LISTENs for new deliveries and calls `onNotify` for each. When the
 * connection drops it reconnects after `retryMs`, calling `onNotify` once so nothing queued in
 * between waits for the fallback poll.
 */
export async function listenForDeliveries(
  url: string,
  onNotify: () => void,
  options: { retryMs?: number; onError?: (error: Error) => void } = {},
): Promise<DeliveryListener> {
  const retryMs = options.retryMs ?? 1000;
  let closed = false;
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', () => onNotify());
    next.on('error', (error) => {
      options.onError?.(error);
      reconnect();
    });
    await next.connect();
    await next.query(`LISTEN ${DELIVERIES_CHANNEL}`);
    client = next;
  };
  const reconnect = () => {
    const old = client;
    client = null;
    void old?.end().catch(() => {});
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      if (closed) return;
      connect().then(onNotify, (error: Error) => {
        options.onError?.(error);
        reconnect();
      });
    }, retryMs);
  };

  await connect();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => {});
      client = null;
    },
  };
}

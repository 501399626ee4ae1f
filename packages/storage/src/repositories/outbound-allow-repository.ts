import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';

/** One allow-list entry kept in the database. */
export interface OutboundAllowEntry {
  entry: string;
  createdBy: string;
  createdAt: number;
}

/** One change to the allow-list. */
export interface OutboundAllowChange {
  entry: string;
  action: 'add' | 'remove';
  username: string;
  at: number;
}

/** Every entry, of every organization (the SSRF guard is one per process), oldest first. */
export async function listAllOutboundAllow(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('outbound_allow')
    .select('entry')
    .orderBy('created_at')
    .orderBy('entry')
    .execute();
  return rows.map((r) => r.entry);
}

/** An organization's entries, oldest first. */
export async function listOutboundAllow(db: Kysely<Database>, orgId: string): Promise<OutboundAllowEntry[]> {
  const rows = await db
    .selectFrom('outbound_allow')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('created_at')
    .orderBy('entry')
    .execute();
  return rows.map((r) => ({ entry: r.entry, createdBy: r.created_by, createdAt: Number(r.created_at) }));
}

/** Adds an entry and its audit row; false when it was there already (nothing written). */
export async function addOutboundAllow(
  db: Kysely<Database>,
  change: { id: string; orgId: string; entry: string; username: string; at: number },
): Promise<boolean> {
  const result = await db
    .insertInto('outbound_allow')
    .values({ org_id: change.orgId, entry: change.entry, created_by: change.username, created_at: change.at })
    .onConflict((oc) => oc.columns(['org_id', 'entry']).doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  await audit(db, change, 'add');
  return true;
}

/** Removes an entry and audits it; false when there was none. */
export async function removeOutboundAllow(
  db: Kysely<Database>,
  change: { id: string; orgId: string; entry: string; username: string; at: number },
): Promise<boolean> {
  const result = await db
    .deleteFrom('outbound_allow')
    .where('org_id', '=', change.orgId)
    .where('entry', '=', change.entry)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) return false;
  await audit(db, change, 'remove');
  return true;
}

/** The newest changes of an organization first. */
export async function listOutboundAllowAudit(
  db: Kysely<Database>,
  orgId: string,
  limit = 50,
): Promise<OutboundAllowChange[]> {
  const rows = await db
    .selectFrom('outbound_allow_audit')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ entry: r.entry, action: r.action, username: r.username, at: Number(r.at) }));
}

async function audit(
  db: Kysely<Database>,
  change: { id: string; orgId: string; entry: string; username: string; at: number },
  action: 'add' | 'remove',
): Promise<void> {
  await db
    .insertInto('outbound_allow_audit')
    .values({
      id: change.id,
      org_id: change.orgId,
      entry: change.entry,
      action,
      username: change.username,
      at: change.at,
    })
    .execute();
}

import type { DomainEvent } from '@bellwether/core';
import type { Database } from '@bellwether/storage';
import type { Kysely } from 'kysely';
import type { TrackingDeps } from './tracking-deps.js';

/** Collects the domain events a write produces. */
export type Emit = (event: DomainEvent) => void;

/**
 * Runs a write in one transaction and hands its domain events to the event hook inside that same
 * transaction, so the write, the firings it causes and their pending deliveries commit together
 * or not at all.
 */
export async function transact<T>(
  deps: Pick<TrackingDeps, 'storage' | 'onEvents' | 'afterCommit'>,
  write: (trx: Kysely<Database>, emit: Emit) => Promise<T>,
): Promise<T> {
  let emitted = false;
  const onCommit: Array<() => void> = [];
  const result = await deps.storage.db.transaction().execute(async (trx) => {
    const events: DomainEvent[] = [];
    const value = await write(trx, (event) => events.push(event));
    if (events.length > 0) {
      emitted = true;
      const committed = await deps.onEvents(trx, events);
      if (committed) onCommit.push(committed);
    }
    return value;
  });
  if (emitted) {
    for (const run of onCommit) run();
    deps.afterCommit?.();
  }
  return result;
}

import type { DomainEvent, IdGenerator } from '@bellwether/core';
import type { Database, Storage } from '@bellwether/storage';
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noConfusingVoidType: hooks with nothing to do after commit are plain async functions.
type AfterCommit = void | (() => void);

/**
 * Called inside a write's transaction with the domain events it produced: the engine's hook point.
 * It may return what to do once the transaction has committed (count what it recorded), which a
 * rolled-back write never runs.
 */
export type EventHook = (trx: Kysely<Database>, events: readonly DomainEvent[]) => Promise<AfterCommit>;

/**
 * What every tracking write needs: the database, time and ids, and the event hook that evaluates
 * automations inside the write's transaction. The REST routes and the client-compatible APIs
 * (MLflow, wandb) hand the same deps to the same writes, so every write path fires automations.
 */
export interface TrackingDeps {
  readonly storage: Storage;
  readonly clock: () => number;
  readonly ids: IdGenerator;
  readonly onEvents: EventHook;
  /** Called after a write that emitted events has committed (wakes the delivery worker). */
  readonly afterCommit?: (() => void) | undefined;
}

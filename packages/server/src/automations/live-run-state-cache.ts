import { randomUUID } from 'node:crypto';
import { type Database, loadRunStatePack, readRunStatePackHead } from '@bellwether/storage';
import type { Kysely } from 'kysely';
import { decodeRunStatePack, type MetricRunEntries, PACK_HEAD_LENGTH, packHead } from './run-state-pack.js';

/**
 * The metric condition states of recently written runs, live, so a history batch neither reads
 * nor parses them. Each cached run remembers the token of the pack it saved last; the pack in the
 * database starts with the token of whichever write saved it last, so comparing the stored head
 * with the cached token (one indexed read of a few bytes, under the run's row lock) proves that
 * nothing changed the states since: not a rolled-back write of ours (its pack never committed),
 * not another process (it saves a pack with its own token).
 */
export interface LiveRunStateCache {
  /**
   * Takes a run's entries out of the cache (valid ones) or loads them from its stored pack. The
   * caller owns them from then on and must `put` them back only after saving them, so a write
   * that fails half-way leaves nothing behind that could be mistaken for the stored state.
   */
  take(db: Kysely<Database>, runPk: string): Promise<MetricRunEntries>;
  /** Caches a run's entries as saved in a pack with `token`. */
  put(runPk: string, token: string, entries: MetricRunEntries): void;
}

/** A fresh pack token: random, so no two writes (of any process) ever share one. */
export function newPackToken(): string {
  return randomUUID().replaceAll('-', '');
}

/** A process-local cache, bounded by the number of entries it holds over all runs. */
export function createLiveRunStateCache(options: { maxEntries?: number } = {}): LiveRunStateCache {
  const maxEntries = options.maxEntries ?? 50_000;
  // Insertion order is recency order: `put` re-inserts, eviction drops from the front.
  const runs = new Map<string, { token: string; entries: MetricRunEntries }>();
  let held = 0;
  const drop = (runPk: string): void => {
    const cached = runs.get(runPk);
    if (!cached) return;
    runs.delete(runPk);
    held -= cached.entries.size;
  };
  return {
    async take(db, runPk) {
      const cached = runs.get(runPk);
      drop(runPk);
      if (cached) {
        const head = await readRunStatePackHead(db, runPk, PACK_HEAD_LENGTH);
        if (head === packHead(cached.token)) return cached.entries;
      }
      const pack = await loadRunStatePack(db, runPk);
      return pack === undefined ? new Map() : decodeRunStatePack(pack);
    },
    put(runPk, token, entries) {
      drop(runPk);
      runs.set(runPk, { token, entries });
      held += entries.size;
      for (const oldest of runs.keys()) {
        if (held <= maxEntries) break;
        drop(oldest);
      }
    },
  };
}

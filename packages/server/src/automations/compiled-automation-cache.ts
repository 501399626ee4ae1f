import { compileRunFilter } from '@bellwether/core';
import { type CompiledAutomation, compileAutomation } from '@bellwether/engine';
import { type AutomationVersion, type Database, findAutomationsByIds } from '@bellwether/storage';
import type { Kysely } from 'kysely';

/** Compiled automations by (id, updated_at), so the event path never parses a definition it has seen. */
export interface CompiledAutomationCache {
  /** The compiled form of each version, loading and compiling only the ones not cached yet. */
  get(db: Kysely<Database>, versions: readonly AutomationVersion[]): Promise<CompiledAutomation[]>;
}

/**
 * A process-local cache. It is keyed by `updated_at` (which every write of an automation moves
 * forward), so an automation edited by another process is recompiled on its next use here.
 */
export function createCompiledAutomationCache(
  options: { maxEntries?: number } = {},
): CompiledAutomationCache {
  const maxEntries = options.maxEntries ?? 50_000;
  const entries = new Map<string, { updatedAt: number; compiled: CompiledAutomation }>();
  return {
    async get(db, versions) {
      const missing: string[] = [];
      for (const v of versions) {
        if (entries.get(v.id)?.updatedAt !== v.updatedAt) missing.push(v.id);
      }
      if (missing.length > 0) {
        // Bounded memory: dropping everything is rare and only costs recompiles.
        if (entries.size + missing.length > maxEntries) entries.clear();
        for (const a of await findAutomationsByIds(db, missing)) {
          const compiled = compileAutomation(
            { id: a.id, teamId: a.teamId, name: a.name, enabled: a.enabled, definition: a.definition },
            { compileRunFilter: (filter) => compileRunFilter(filter) },
          );
          entries.set(a.id, { updatedAt: a.updatedAt, compiled });
        }
      }
      const out: CompiledAutomation[] = [];
      for (const v of versions) {
        const entry = entries.get(v.id);
        if (entry) out.push(entry.compiled);
      }
      return out;
    },
  };
}

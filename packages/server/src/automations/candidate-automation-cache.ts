import type { CompiledAutomation } from '@bellwether/engine';
import { type Database, listCandidateAutomations, readAutomationsVersion } from '@bellwether/storage';
import type { Kysely } from 'kysely';
import type { CompiledAutomationCache } from './compiled-automation-cache.js';

/** The compiled candidate automations of a write, by scope keys and event types. */
export interface CandidateAutomationCache {
  /** The enabled automations of these scope keys and event types, compiled. */
  get(
    db: Kysely<Database>,
    scopeKeys: readonly string[],
    eventTypes: readonly string[],
  ): Promise<readonly CompiledAutomation[]>;
}

/**
 * A process-local cache of candidate lists, each valid for one automations version: every
 * insert, update and delete of an automation (of any process) writes a new version token in its
 * transaction, so one primary-key read per write tells whether a cached list still holds. The
 * version is read before the list, so a list can only be cached under a version at least as old
 * as itself, and the next change always misses.
 */
export function createCandidateAutomationCache(
  compiled: CompiledAutomationCache,
  options: { maxLists?: number } = {},
): CandidateAutomationCache {
  const maxLists = options.maxLists ?? 10_000;
  const lists = new Map<string, { version: string; automations: readonly CompiledAutomation[] }>();
  return {
    async get(db, scopeKeys, eventTypes) {
      const version = await readAutomationsVersion(db);
      const key = `${scopeKeys.join('\n')}\t${eventTypes.join('\n')}`;
      const cached = lists.get(key);
      if (version !== undefined && cached?.version === version) return cached.automations;
      const versions = await listCandidateAutomations(db, scopeKeys, eventTypes);
      const automations = versions.length === 0 ? [] : await compiled.get(db, versions);
      // No version yet means automations were written around the repository: cache nothing.
      if (version !== undefined) {
        if (lists.size >= maxLists) lists.clear();
        lists.set(key, { version, automations });
      }
      return automations;
    },
  };
}

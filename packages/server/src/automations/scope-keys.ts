import type { DomainEvent, Scope } from '@bellwether/core';
import type { Database } from '@bellwether/storage';
import type { Kysely } from 'kysely';

/** The kinds of scope key, as stored in `automations.scope_key` (`project:prj_…`). */
export type ScopeKeyKind = Scope['type'];

/** The scope key of one scope by the id of what it names. */
export function scopeKey(kind: ScopeKeyKind, id: string): string {
  return `${kind}:${id}`;
}

/**
 * The scope keys whose automations a domain event can fire, narrowest first: run events the
 * project and its team; project artifact events the collection, project and team; registry events
 * the registry collection, the registry, and every team that is a member of the registry.
 */
export async function scopeKeysFor(db: Kysely<Database>, event: DomainEvent): Promise<string[]> {
  const place = event.place;
  if (place.registryId !== null) {
    const keys = [scopeKey('registry', place.registryId)];
    if ('version' in event) keys.unshift(scopeKey('registry_collection', event.version.collectionId));
    const teams = await db
      .selectFrom('registry_members')
      .select('member_id')
      .where('registry_id', '=', place.registryId)
      .where('member_kind', '=', 'team')
      .execute();
    for (const t of teams) keys.push(scopeKey('team', t.member_id));
    return keys;
  }
  const keys: string[] = [];
  if ('version' in event) keys.push(scopeKey('artifact_collection', event.version.collectionId));
  if (place.projectId !== null) keys.push(scopeKey('project', place.projectId));
  keys.push(scopeKey('team', place.teamId));
  return keys;
}

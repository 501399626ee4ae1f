import {
  type ClaimedDelivery,
  columnInIds,
  type Database,
  findSecretCiphertexts,
  findSlackIntegration,
  findWebhookById,
  type SlackIntegrationWithCredential,
  type Webhook,
} from '@bellwether/storage';
import type { Kysely } from 'kysely';
import type { SecretBox } from '../secrets/secret-box.js';

/**
 * What preparing a round of deliveries reads, each read once per round: the executions' events
 * and automations' names in one query each for the whole round, and each webhook, Slack
 * integration, secret set and decryption once however many deliveries share it. A round is short
 * (claim, send, settle), so a secret rotated meanwhile applies from the next round.
 */
export interface DeliveryLookups {
  /** The execution's event snapshot as stored (JSON text), or undefined when it is gone. */
  event(executionId: string): Promise<string | undefined>;
  automationName(automationId: string): Promise<string | undefined>;
  webhook(id: string): Promise<Webhook | undefined>;
  slackIntegration(id: string): Promise<SlackIntegrationWithCredential | undefined>;
  /** The team's ciphertexts of `names` (those that exist). */
  secrets(teamId: string, names: readonly string[]): Promise<Map<string, string>>;
  decrypt(ciphertext: string): string;
}

function memo<T>(load: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key) => {
    let hit = cache.get(key);
    if (hit === undefined) {
      hit = load(key);
      cache.set(key, hit);
    }
    return hit;
  };
}

/** Creates the lookups of one round of claimed deliveries. */
export function createDeliveryLookups(
  db: Kysely<Database>,
  secretBox: SecretBox,
  deliveries: readonly ClaimedDelivery[],
): DeliveryLookups {
  let events: Promise<Map<string, string>> | null = null;
  let names: Promise<Map<string, string>> | null = null;
  const executionIds = [...new Set(deliveries.map((d) => d.execution_id))];
  const automationIds = [...new Set(deliveries.map((d) => d.automation_id))];
  const decrypted = new Map<string, string>();
  const secrets = memo(async (key: string) => {
    const { teamId, names } = JSON.parse(key) as { teamId: string; names: string[] };
    return findSecretCiphertexts(db, teamId, names);
  });
  return {
    async event(executionId) {
      events ??= db
        .selectFrom('executions')
        .select(['id', 'event'])
        .where(columnInIds(db, 'id', executionIds.length > 0 ? executionIds : [executionId]))
        .execute()
        .then((rows) => new Map(rows.map((r) => [r.id, r.event])));
      return (await events).get(executionId);
    },
    async automationName(automationId) {
      names ??= db
        .selectFrom('automations')
        .select(['id', 'name'])
        .where(columnInIds(db, 'id', automationIds.length > 0 ? automationIds : [automationId]))
        .execute()
        .then((rows) => new Map(rows.map((r) => [r.id, r.name])));
      return (await names).get(automationId);
    },
    webhook: memo((id) => findWebhookById(db, id)),
    slackIntegration: memo((id) => findSlackIntegration(db, id)),
    secrets: (teamId, list) => secrets(JSON.stringify({ teamId, names: [...list].sort() })),
    decrypt(ciphertext) {
      let plain = decrypted.get(ciphertext);
      if (plain === undefined) {
        plain = secretBox.decrypt(ciphertext);
        decrypted.set(ciphertext, plain);
      }
      return plain;
    },
  };
}

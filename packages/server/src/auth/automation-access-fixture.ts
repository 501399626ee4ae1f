import { randomBytes } from 'node:crypto';
import { createFakeSlackServer, type LocalHttpServer, startLocalHttpServer } from '@bellwether/delivery';
import type { DialectName } from '@bellwether/storage';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { createTestIntegrations } from '../testing/test-integrations.js';
import { createTeamRoleKeys } from './access-case.js';
import {
  AUTOMATION_MATRIX_ROLES,
  type AutomationFixtureIds,
  type AutomationMatrixRole,
  automationRoleIndex,
  type PerRoleFixture,
  quietProjectAutomation,
  registryAutomation,
} from './automation-access-cases.js';

const T = '/api/v1/teams/ml';
const O = '/api/v1/teams/other';

/** Team `other`'s automation, execution, dead delivery, webhook and Slack integration. */
export interface ForeignIds {
  automation: string;
  execution: string;
  delivery: string;
  webhook: string;
  slack: string;
}

/** An app with the automation matrix's callers and resources in team `ml`, and team `other`'s. */
export interface AutomationAccessFixture {
  t: TestApp;
  /** Where every webhook of the fixture points. */
  receiver: LocalHttpServer;
  keys: Record<AutomationMatrixRole, string | null>;
  ids: AutomationFixtureIds;
  foreign: ForeignIds;
  /** Every row a request of the matrix could change, to prove a refused one changed nothing. */
  snapshot(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts an app on a fresh database of the dialect and creates, as the organization admin, the
 * callers and resources automation-access-cases.ts names, each per-role resource once per role.
 */
export async function startAutomationAccessFixture(dialect: DialectName): Promise<AutomationAccessFixture> {
  const receiver = await startLocalHttpServer((_req, res) => res.end('{"received":true}'));
  const slack = createFakeSlackServer();
  const slackApiUrl = await slack.start();
  const integrations = createTestIntegrations({
    slackApiUrl,
    slackClientId: slack.clientId,
    slackClientSecret: slack.clientSecret,
  });
  const t = await startTestApp(dialect, { integrations });
  const keys = {} as Record<AutomationMatrixRole, string | null>;
  const ok = async (method: string, path: string, body?: unknown) => {
    const res = await t.request(method, path, body === undefined ? {} : { body });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const snapshot = async () => {
    const db = t.storage.db;
    return JSON.stringify(
      await Promise.all([
        db.selectFrom('automations').selectAll().orderBy('id').execute(),
        db.selectFrom('executions').selectAll().orderBy('id').execute(),
        db.selectFrom('deliveries').selectAll().orderBy('id').execute(),
        db.selectFrom('secrets').selectAll().orderBy('id').execute(),
        db.selectFrom('webhooks').selectAll().orderBy('id').execute(),
        db.selectFrom('slack_integrations').selectAll().orderBy('id').execute(),
      ]),
    );
  };
  /** The ids of an automation's executions and of their deliveries, oldest first. */
  const historyOf = async (automationId: string) => {
    const rows = await t.storage.db
      .selectFrom('deliveries')
      .select(['id', 'execution_id'])
      .where('automation_id', '=', automationId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const executions = await t.storage.db
      .selectFrom('executions')
      .select('id')
      .where('automation_id', '=', automationId)
      .execute();
    return { executions: executions.map((e) => e.id), deliveries: rows.map((d) => d.id) };
  };
  const markDead = (deliveryIds: string[]) =>
    t.storage.db.updateTable('deliveries').set({ status: 'dead' }).where('id', 'in', deliveryIds).execute();

  await ok('POST', '/api/v1/teams', { name: 'other' });
  await ok('POST', `${T}/projects`, { name: 'cifar' });
  await ok('POST', `${T}/projects/cifar/artifacts`, { name: 'resnet', type: 'model' });
  await ok('POST', '/api/v1/registries', { name: 'model' });
  await ok('POST', '/api/v1/registries/model/collections', { name: 'classifier', type: 'model' });
  await ok('PUT', '/api/v1/registries/model/members/team:ml', { role: 'viewer' });

  Object.assign(keys, await createTeamRoleKeys(t));
  const registryRoles = {
    regRestricted: 'restricted_viewer',
    regViewer: 'viewer',
    regMember: 'member',
    regAdmin: 'admin',
  } as const;
  for (const [role, registryRole] of Object.entries(registryRoles)) {
    keys[role as keyof typeof registryRoles] = await t.userWithKey(role.toLowerCase());
    await ok('PUT', `/api/v1/registries/model/members/${role.toLowerCase()}`, { role: registryRole });
  }

  const webhook = await ok('POST', `${T}/webhooks`, { name: 'receiver', url: receiver.url });
  const watch = await ok('POST', `${T}/automations`, {
    name: 'new version',
    scope: { type: 'project', team: 'ml', project: 'cifar' },
    event: { type: 'CREATE_ARTIFACT' },
    action: { type: 'GENERIC_WEBHOOK', webhook_id: webhook.id, payload: { v: '${artifact_version}' } },
  });
  const linked = await ok('POST', `${T}/automations`, registryAutomation('linked'));
  const hooked = await ok('POST', `${T}/automations`, {
    ...registryAutomation('hooked'),
    action: { type: 'GENERIC_WEBHOOK', webhook_id: webhook.id, payload: {} },
  });
  // One firing of the project automation per role: each allowed role redelivers its own.
  for (const _ of AUTOMATION_MATRIX_ROLES) {
    await ok('POST', `${T}/projects/cifar/artifacts/resnet/versions`, {
      digest: randomBytes(4).toString('hex'),
    });
  }
  await ok('POST', '/api/v1/registries/model/collections/classifier/links', {
    artifact: 'ml/cifar/resnet:v0',
  });
  const watched = await historyOf(watch.id);
  const linkedHistory = await historyOf(linked.id);
  if (watched.deliveries.length !== AUTOMATION_MATRIX_ROLES.length || linkedHistory.executions.length !== 1) {
    throw new Error(`the fixture's automations fired ${JSON.stringify([watched, linkedHistory])}`);
  }
  // No worker runs here, so deliveries stay pending; only dead or failed ones are redeliverable.
  await markDead(watched.deliveries);

  const mlTeam = await t.storage.db
    .selectFrom('teams')
    .select('id')
    .where('name', '=', 'ml')
    .executeTakeFirstOrThrow();
  const perRole = {} as Record<AutomationMatrixRole, PerRoleFixture>;
  for (const role of AUTOMATION_MATRIX_ROLES) {
    const i = automationRoleIndex(role);
    const userId =
      keys[role] === null
        ? 'nobody'
        : (await t.request('GET', '/api/v1/viewer', { key: keys[role] })).body.id;
    const state = integrations.secretBox.sign(
      JSON.stringify({
        team: mlTeam.id,
        user: userId,
        channel: 'C0ALERTS01',
        exp: Date.now() + 600_000,
        nonce: randomBytes(8).toString('hex'),
      }),
    );
    await ok('PUT', `${T}/secrets/DEL_${i}`, { value: `doomed ${i}` });
    perRole[role] = {
      projectAutomation: (await ok('POST', `${T}/automations`, quietProjectAutomation(`doomed-${i}`))).id,
      registryAutomation: (await ok('POST', `${T}/automations`, registryAutomation(`doomed-registry-${i}`)))
        .id,
      webhook: (await ok('POST', `${T}/webhooks`, { name: `doomed ${i}`, url: receiver.url })).id,
      slackIntegration: (
        await ok('POST', `${T}/slack-integrations`, {
          type: 'bot_token',
          bot_token: 'xoxb-doomed',
          channel: `doomed-${i}`,
        })
      ).id,
      deadDelivery: watched.deliveries[i] as string,
      oauthCallback: `code=${slack.issueOAuthCode()}&state=${encodeURIComponent(state)}`,
    };
  }
  const ids: AutomationFixtureIds = {
    projectAutomation: watch.id,
    registryAutomation: linked.id,
    hookedRegistryAutomation: hooked.id,
    projectExecution: watched.executions[0] as string,
    registryExecution: linkedHistory.executions[0] as string,
    webhook: webhook.id,
    perRole,
  };

  // Team other's resources, which no member of ml may reach.
  await ok('POST', `${O}/projects`, { name: 'vision' });
  await ok('POST', `${O}/projects/vision/artifacts`, { name: 'vit', type: 'model' });
  await ok('PUT', `${O}/secrets/OTHER_TOKEN`, { value: 'other team token' });
  const foreignWebhook = (
    await ok('POST', `${O}/webhooks`, {
      name: 'other receiver',
      url: receiver.url,
      access_token_secret: 'OTHER_TOKEN',
    })
  ).id;
  const foreignSlack = (
    await ok('POST', `${O}/slack-integrations`, { type: 'bot_token', bot_token: 'xoxb-o', channel: 'o' })
  ).id;
  const foreignAutomation = (
    await ok('POST', `${O}/automations`, {
      name: 'other version',
      scope: { type: 'project', team: 'other', project: 'vision' },
      event: { type: 'CREATE_ARTIFACT' },
      action: { type: 'GENERIC_WEBHOOK', webhook_id: foreignWebhook, payload: {} },
    })
  ).id;
  await ok('POST', `${O}/projects/vision/artifacts/vit/versions`, { digest: 'o' });
  const otherHistory = await historyOf(foreignAutomation);
  const foreign: ForeignIds = {
    automation: foreignAutomation,
    execution: otherHistory.executions[0] as string,
    delivery: otherHistory.deliveries[0] as string,
    webhook: foreignWebhook,
    slack: foreignSlack,
  };
  await markDead(otherHistory.deliveries);
  receiver.received.length = 0;

  return {
    t,
    receiver,
    keys,
    ids,
    foreign,
    snapshot,
    async close() {
      await t.close();
      await receiver.close();
      await slack.stop();
    },
  };
}

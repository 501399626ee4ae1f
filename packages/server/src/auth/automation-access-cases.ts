import { type AccessCase, expectAll } from './access-case.js';

/**
 * The callers of the automation matrix: team roles are in `ml`; registry roles are direct roles in
 * the registry `model` (of which team `ml` is a viewer) with no team; outsiders are admins of
 * team `other` only.
 */
export type AutomationMatrixRole =
  | 'anonymous'
  | 'outsider'
  | 'viewer'
  | 'member'
  | 'teamAdmin'
  | 'regRestricted'
  | 'regViewer'
  | 'regMember'
  | 'regAdmin'
  | 'orgAdmin';

/** Every caller of the automation matrix, in the order requests are made. */
export const AUTOMATION_MATRIX_ROLES: AutomationMatrixRole[] = [
  'anonymous',
  'outsider',
  'viewer',
  'member',
  'teamAdmin',
  'regRestricted',
  'regViewer',
  'regMember',
  'regAdmin',
  'orgAdmin',
];

/** What each role may delete or redeliver on its own, so that every allowed role acts once. */
export interface PerRoleFixture {
  projectAutomation: string;
  registryAutomation: string;
  webhook: string;
  slackIntegration: string;
  /** A dead delivery of the project automation. */
  deadDelivery: string;
  /** A Slack OAuth callback query (code and signed state) issued to this role's user for team `ml`. */
  oauthCallback: string;
}

/** Ids the automation matrix's fixture creates in team `ml`. */
export interface AutomationFixtureIds {
  /** Project-scoped (`ml/cifar`), fires on CREATE_ARTIFACT into the webhook `webhook`. */
  projectAutomation: string;
  /** Registry-scoped (`model`), fires on LINK_ARTIFACT with a NO_OP. */
  registryAutomation: string;
  /** Registry-scoped (`model`), sends with the team's webhook `webhook`. */
  hookedRegistryAutomation: string;
  projectExecution: string;
  registryExecution: string;
  webhook: string;
  perRole: Record<AutomationMatrixRole, PerRoleFixture>;
}

/** A role's position: per-role fixtures are numbered by it. */
export const automationRoleIndex = (role: AutomationMatrixRole) => AUTOMATION_MATRIX_ROLES.indexOf(role);

/** Every role gets `status` except anonymous callers (401) and those listed. */
const all = (status: number, except: Partial<Record<AutomationMatrixRole, number>>) =>
  expectAll(AUTOMATION_MATRIX_ROLES, status, except);
// SPEC §7: team viewers and members view automations and history; team admins manage
// automations, integrations and secrets. Registry viewers see registry-scoped automations and
// their history, restricted viewers neither details nor history; registry members and admins
// manage registry-scoped automations. Team `ml` is a registry viewer, so its members are too.
const teamRead = (ok: number) => all(403, { viewer: ok, member: ok, teamAdmin: ok, orgAdmin: ok });
const teamManage = (ok: number) => all(403, { teamAdmin: ok, orgAdmin: ok });
const registryRead = (ok: number) =>
  all(403, {
    viewer: ok,
    member: ok,
    teamAdmin: ok,
    regViewer: ok,
    regMember: ok,
    regAdmin: ok,
    orgAdmin: ok,
  });
const registryManage = (ok: number) => all(403, { regMember: ok, regAdmin: ok, orgAdmin: ok });

const T = '/api/v1/teams/ml';
const A = '/api/v1/automations';

/** A project automation that never fires in the matrix (no run changes state). */
export const quietProjectAutomation = (name: string) => ({
  name,
  scope: { type: 'project', team: 'ml', project: 'cifar' },
  event: { type: 'RUN_STATE', states: ['failed'] },
  action: { type: 'NO_OP' },
});

/** A registry automation that fires when a version is linked into `model`. */
export const registryAutomation = (name: string) => ({
  name,
  scope: { type: 'registry', registry: 'model' },
  event: { type: 'LINK_ARTIFACT' },
  action: { type: 'NO_OP' },
});

/**
 * Automations, their history, redelivery, secrets, webhooks and Slack integrations of team `ml`,
 * given the ids of the fixture made by route-coverage-access-matrix.test.ts.
 */
export function automationAccessCases(ids: AutomationFixtureIds): AccessCase<AutomationMatrixRole>[] {
  const mine = (r: AutomationMatrixRole) => ids.perRole[r];
  return [
    // Everyone who can see one of the team's automations gets a list: restricted viewers too,
    // with the registry-scoped ones in outline.
    { method: 'GET', path: `${T}/automations`, expect: { ...registryRead(200), regRestricted: 200 } },
    {
      method: 'POST',
      path: `${T}/automations`,
      body: (r) => quietProjectAutomation(`new-${r}`),
      expect: teamManage(201),
    },
    {
      method: 'POST',
      path: `${T}/automations`,
      body: (r) => registryAutomation(`new-registry-${r}`),
      expect: registryManage(201),
    },
    // The dry run answers as create (or, with automation_id, as edit) would, and writes nothing.
    {
      method: 'POST',
      path: `${T}/automations/validate`,
      body: (r) => quietProjectAutomation(`checked-${r}`),
      expect: teamManage(200),
    },
    {
      method: 'POST',
      path: `${T}/automations/validate`,
      body: (r) => registryAutomation(`checked-registry-${r}`),
      expect: registryManage(200),
    },
    {
      method: 'POST',
      path: `${T}/automations/validate?automation_id=${ids.registryAutomation}`,
      body: (r) => ({ description: `checked by ${r}` }),
      expect: registryManage(200),
    },
    {
      method: 'POST',
      path: `${T}/automations/validate`,
      body: (r) => ({
        ...registryAutomation(`checked-hooked-${r}`),
        action: { type: 'GENERIC_WEBHOOK', webhook_id: ids.webhook, payload: {} },
      }),
      expect: all(403, { orgAdmin: 200 }),
    },
    { method: 'GET', path: `${A}/${ids.projectAutomation}`, expect: teamRead(200) },
    { method: 'GET', path: `${A}/${ids.registryAutomation}`, expect: registryRead(200) },
    {
      method: 'PATCH',
      path: `${A}/${ids.projectAutomation}`,
      body: (r) => ({ description: `edited by ${r}` }),
      expect: teamManage(200),
    },
    {
      method: 'PATCH',
      path: `${A}/${ids.registryAutomation}`,
      body: (r) => ({ description: `edited by ${r}` }),
      expect: registryManage(200),
    },
    // Sending with the owning team's webhook or Slack takes a role in that team (SPEC §4: they are
    // team settings), beyond the registry role that registry-scoped automations take.
    {
      method: 'POST',
      path: `${T}/automations`,
      body: (r) => ({
        ...registryAutomation(`new-hooked-${r}`),
        action: { type: 'GENERIC_WEBHOOK', webhook_id: ids.webhook, payload: {} },
      }),
      expect: all(403, { orgAdmin: 201 }),
    },
    {
      method: 'PATCH',
      path: `${A}/${ids.hookedRegistryAutomation}`,
      body: (r) => ({ description: `edited by ${r}` }),
      expect: all(403, { orgAdmin: 200 }),
    },
    { method: 'DELETE', path: (r) => `${A}/${mine(r).projectAutomation}`, expect: teamManage(204) },
    { method: 'DELETE', path: (r) => `${A}/${mine(r).registryAutomation}`, expect: registryManage(204) },
    { method: 'GET', path: `${A}/${ids.projectAutomation}/executions`, expect: teamRead(200) },
    { method: 'GET', path: `${A}/${ids.registryAutomation}/executions`, expect: registryRead(200) },
    { method: 'GET', path: `${T}/projects/cifar/executions`, expect: teamRead(200) },
    // A registry's automations across owning teams: its viewers and above, restricted viewers in
    // outline; not team members whose team has no role in the registry.
    {
      method: 'GET',
      path: '/api/v1/registries/model/automations',
      expect: { ...registryRead(200), regRestricted: 200 },
    },
    { method: 'GET', path: '/api/v1/registries/model/executions', expect: registryRead(200) },
    { method: 'GET', path: `/api/v1/executions/${ids.projectExecution}`, expect: teamRead(200) },
    { method: 'GET', path: `/api/v1/executions/${ids.registryExecution}`, expect: registryRead(200) },
    {
      method: 'POST',
      path: (r) => `/api/v1/deliveries/${mine(r).deadDelivery}/redeliver`,
      expect: teamManage(202),
    },
    { method: 'GET', path: `${T}/secrets`, expect: teamManage(200) },
    {
      method: 'PUT',
      path: (r) => `${T}/secrets/NEW_${automationRoleIndex(r)}`,
      body: (r) => ({ value: `value of ${r}` }),
      expect: teamManage(201),
    },
    { method: 'DELETE', path: (r) => `${T}/secrets/DEL_${automationRoleIndex(r)}`, expect: teamManage(204) },
    { method: 'GET', path: `${T}/webhooks`, expect: teamManage(200) },
    {
      method: 'POST',
      path: `${T}/webhooks`,
      body: (r) => ({ name: `new ${r}`, url: 'https://example.com/new' }),
      expect: teamManage(201),
    },
    { method: 'GET', path: `${T}/webhooks/${ids.webhook}`, expect: teamManage(200) },
    {
      method: 'PATCH',
      path: `${T}/webhooks/${ids.webhook}`,
      body: () => ({ access_token_secret: null }),
      expect: teamManage(200),
    },
    { method: 'DELETE', path: (r) => `${T}/webhooks/${mine(r).webhook}`, expect: teamManage(204) },
    {
      method: 'POST',
      path: `${T}/webhooks/${ids.webhook}/test`,
      body: (r) => ({ body: { tested_by: r } }),
      expect: teamManage(200),
    },
    { method: 'GET', path: `${T}/slack-integrations`, expect: teamManage(200) },
    {
      method: 'POST',
      path: `${T}/slack-integrations`,
      body: (r) => ({ type: 'bot_token', bot_token: 'xoxb-pasted', channel: `c-${r}` }),
      expect: teamManage(201),
    },
    {
      method: 'DELETE',
      path: (r) => `${T}/slack-integrations/${mine(r).slackIntegration}`,
      expect: teamManage(204),
    },
    { method: 'GET', path: '/api/v1/slack/oauth/start?team=ml', expect: teamManage(302) },
    {
      method: 'GET',
      path: (r) => `/api/v1/slack/oauth/callback?${mine(r).oauthCallback}`,
      expect: teamManage(302),
    },
    // The outbound allow-list is the organization's: organization admins only.
    { method: 'GET', path: '/api/v1/outbound-allow', expect: all(403, { orgAdmin: 200 }) },
    {
      method: 'POST',
      path: '/api/v1/outbound-allow',
      body: (r) => ({ entry: `allow-${r}.internal` }),
      expect: all(403, { orgAdmin: 201 }),
    },
    {
      method: 'DELETE',
      path: '/api/v1/outbound-allow?entry=allow-orgadmin.internal',
      expect: all(403, { orgAdmin: 200 }),
    },
  ];
}

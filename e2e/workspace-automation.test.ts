import { join } from 'node:path';
import { createFakeSlackServer, type FakeSlackServer } from '@bellwether/delivery';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiCall,
  browserSkipReason,
  buildWebUi,
  type E2eServer,
  eventually,
  launchBrowser,
  SCREENSHOTS,
  signIn,
  startReceiver,
  startServer,
} from './e2e-harness.js';

const skipReason = browserSkipReason();
if (skipReason) console.log(skipReason);

const PROJECT = '/teams/default/projects/cifar';

async function logLoss(server: E2eServer, runId: string, from: number, values: number[]): Promise<void> {
  await apiCall(server, 'POST', `${PROJECT}/runs/${runId}/history`, {
    rows: values.map((loss, i) => ({ step: from + i, values: { loss } })),
  });
}

describe.skipIf(skipReason !== null)('the web UI in a browser', () => {
  let server: E2eServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let browser: Browser;
  let slack: FakeSlackServer;

  beforeAll(async () => {
    await buildWebUi();
    receiver = await startReceiver();
    slack = createFakeSlackServer({ channels: [{ id: 'C0ALERTS', name: 'alerts' }] });
    await slack.start();
    server = await startServer({
      BELLWETHER_OUTBOUND_ALLOW: '127.0.0.1/32',
      BELLWETHER_SLACK_API_URL: slack.apiUrl,
    });
    browser = await launchBrowser();
    await apiCall(server, 'POST', '/teams/default/projects', { name: 'cifar' });
    await apiCall(server, 'PUT', `${PROJECT}/runs/r1`, { display_name: 'resnet-1', tags: ['baseline'] });
    await logLoss(server, 'r1', 0, Array(10).fill(1));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await receiver?.close();
    await slack?.stop();
  });

  it('signs in, tests a webhook, creates an automation from the bell, and shows its delivery in the history', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, server.url, 'admin', server.password);

    // Team settings: a secret, a webhook that uses it, and a Test that reaches the receiver.
    await page.goto(`${server.url}/default/settings`);
    await page.getByLabel('Secret name').fill('RECEIVER_TOKEN');
    await page.getByLabel('Secret value').fill('tok-123');
    await page.getByRole('button', { name: 'Add secret' }).click();
    await page.locator('code', { hasText: 'RECEIVER_TOKEN' }).waitFor();
    await page.locator('input[name="webhook-name"]').fill('receiver');
    await page.locator('input[name="webhook-url"]').fill(`${receiver.url}/hook`);
    await page.locator('select[name="webhook-token"]').selectOption('RECEIVER_TOKEN');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const row = page.locator('li[data-webhook="receiver"]');
    await row.getByRole('button', { name: 'Test' }).click();
    await row.getByRole('button', { name: 'Send test' }).click();
    await expect.poll(() => row.locator('.test-status').textContent(), { timeout: 10_000 }).toBe('200');
    expect(receiver.received.at(-1)?.headers.authorization).toBe('Bearer tok-123');
    await page.screenshot({ path: join(SCREENSHOTS, 'team-settings.png'), fullPage: true });
    const webhooks = await apiCall<{ webhooks: { id: string; name: string }[] }>(
      server,
      'GET',
      '/teams/default/webhooks',
    );
    const webhookId = webhooks.webhooks.find((w) => w.name === 'receiver')?.id ?? '';

    // Workspace: hover the loss plot, click the bell, "average of the last 5 > 2", Advanced, webhook.
    await page.goto(`${server.url}/default/cifar`);
    const panel = page.locator('[data-metric="loss"][data-drawn="true"]');
    await panel.waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'workspace.png'), fullPage: true });
    // The bell is reachable by keyboard, not only by hovering.
    const bell = panel.getByRole('button', { name: 'Create an automation on loss' });
    await bell.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.locator('select[name="agg"]').inputValue()).toBe('AVERAGE');
    expect(await dialog.locator('input[name="metric"]').inputValue()).toBe('loss');
    await dialog.locator('input[name="window"]').fill('5');
    await dialog.locator('select[name="cmp"]').selectOption('$gt');
    // Live validation: the API's own schema names the field while typing.
    await dialog.locator('input[name="threshold"]').fill('high');
    await dialog.locator('[data-field="threshold"] .field-error').waitFor();
    await dialog.locator('input[name="threshold"]').fill('2');
    expect(await dialog.locator('[data-field="threshold"] .field-error').count()).toBe(0);
    await dialog.getByLabel('Runs whose name matches').check();
    await dialog.locator('input[name="nameRegex"]').fill('^resnet');
    await page.screenshot({ path: join(SCREENSHOTS, 'wizard-basic.png') });

    // Basic → Advanced keeps the parameters and the run filter.
    await dialog.getByRole('button', { name: 'Advanced' }).click();
    expect(await dialog.locator('input[name="threshold"]').inputValue()).toBe('2');
    expect(await dialog.locator('input[name="window"]').inputValue()).toBe('5');
    expect(await dialog.locator('input[name="nameRegex"]').inputValue()).toBe('^resnet');
    await dialog.getByLabel('Only the 1 plotted run').check();
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.locator('select[name="actionType"]').selectOption('GENERIC_WEBHOOK');
    await dialog.locator('select[name="webhookId"]').selectOption(webhookId);
    // The browser's checks pass an unknown variable; the server's dry run names it before saving.
    const payloadError = dialog.locator('[data-field="payload"] .field-error');
    await dialog.locator('textarea[name="payload"]').fill('{"run": "${nope}"}');
    await payloadError.filter({ hasText: 'nope' }).waitFor();
    await dialog
      .locator('textarea[name="payload"]')
      .fill('{"run": "${run_name}", "metric": "${metric_name}", "value": ${metric_value}}');
    await dialog.locator('.server-check[data-state="valid"]').waitFor();
    expect(await payloadError.count()).toBe(0);
    await expect.poll(() => dialog.locator('.preview pre').textContent()).toContain('"metric": "loss"');
    // The picker offers only this event's variables: run metrics have no artifact or alias.
    const picker = dialog.locator('.variable-picker');
    await picker.getByRole('button', { name: 'metric_value', exact: true }).waitFor();
    expect(await picker.getByRole('button', { name: 'alias', exact: true }).count()).toBe(0);
    expect(await picker.getByRole('button', { name: 'artifact_version', exact: true }).count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'wizard-advanced.png') });

    // Advanced → Basic shows the webhook chosen there, the run filter and the parameters.
    await dialog.getByRole('button', { name: 'Basic' }).click();
    expect(await dialog.locator('select[name="actionType"]').inputValue()).toBe('GENERIC_WEBHOOK');
    expect(await dialog.locator('select[name="webhookId"]').inputValue()).toBe(webhookId);
    expect(await dialog.locator('textarea[name="payload"]').inputValue()).toContain('${metric_value}');
    expect(await dialog.getByLabel('Only the 1 plotted run').isChecked()).toBe(true);
    expect(await dialog.locator('input[name="threshold"]').inputValue()).toBe('2');
    await dialog.getByRole('button', { name: 'Advanced' }).click();
    expect(await dialog.locator('select[name="webhookId"]').inputValue()).toBe(webhookId);
    await dialog.getByRole('button', { name: 'Next' }).click();
    expect(await dialog.locator('input[name="name"]').inputValue()).toBe('loss alert');
    await dialog.getByRole('button', { name: 'Create automation' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Focus goes back to the bell that opened the dialog.
    expect(await page.evaluate<string>("document.activeElement?.getAttribute('aria-label') ?? ''")).toBe(
      'Create an automation on loss',
    );

    // Metrics that cross the threshold reach the receiver, which refuses the first delivery.
    receiver.respondWith(400);
    const before = receiver.received.length;
    await logLoss(server, 'r1', 10, [3, 3, 3, 3, 3]);
    const call = await eventually(() => receiver.received.slice(before).find((r) => r.path === '/hook'));
    expect(JSON.parse(call.body)).toMatchObject({ run: 'resnet-1', metric: 'loss' });
    const deliveryId = String(call.headers['webhook-id']);

    // The history shows the failed row; Redeliver sends the same delivery again, and it succeeds.
    await page.goto(`${server.url}/default/cifar/automations`);
    await page.getByRole('button', { name: 'loss alert', exact: true }).click();
    const failed = page.locator('table.history tr[data-status="failed"]');
    await failed.waitFor({ timeout: 20_000 });
    await failed.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => page.locator('.response-status').first().textContent()).toBe('response 400');
    receiver.respondWith(200);
    const beforeRedeliver = receiver.received.length;
    await page.getByRole('button', { name: 'Redeliver' }).click();
    const again = await eventually(() =>
      receiver.received.slice(beforeRedeliver).find((r) => r.path === '/hook'),
    );
    expect(again.headers['webhook-id']).toBe(deliveryId);
    const second = page.locator('.attempt[data-attempt="2"]');
    await second.waitFor({ timeout: 10_000 });
    expect(await second.locator('.response-status').textContent()).toBe('response 200');
    expect(await second.locator('.webhook-id').textContent()).toBe(deliveryId);
    expect(await second.locator('pre.payload').textContent()).toContain('resnet-1');
    await page.locator('table.history tr[data-status="finished"]').waitFor({ timeout: 10_000 });
    expect(await page.getByRole('button', { name: 'Redeliver' }).count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'history.png'), fullPage: true });

    // A narrow window: nothing wider than the window, and the payload sent fully in view.
    await page.setViewportSize({ width: 480, height: 800 });
    // A string, since the e2e files compile without the DOM library.
    const fits = () => page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');
    expect(await fits()).toBe(true);
    const box = await page.locator('pre.payload').last().boundingBox();
    expect(box !== null && box.x >= 0 && box.x + box.width <= 480).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'history-narrow.png'), fullPage: true });
    for (const [name, path] of [
      ['workspace-narrow', '/default/cifar'],
      ['team-settings-narrow', '/default/settings'],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      await page.locator('main h2').first().waitFor();
      expect(await fits()).toBe(true);
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    }
    await page.close();
  }, 120_000);

  it('shows a team viewer no create, edit or delete controls, and the API refuses them anyway', async () => {
    await apiCall(server, 'POST', '/users', {
      username: 'vera',
      email: 'vera@example.com',
      password: 'vera-password-1',
    });
    await apiCall(server, 'PUT', '/teams/default/members/vera', { role: 'viewer' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signIn(page, server.url, 'vera', 'vera-password-1');

    await page.goto(`${server.url}/default/cifar`);
    const panel = page.locator('[data-metric="loss"][data-drawn="true"]');
    await panel.waitFor();
    await panel.hover();
    expect(await panel.getByRole('button', { name: /Create an automation/ }).count()).toBe(0);

    await page.goto(`${server.url}/default/cifar/automations`);
    await page.getByRole('button', { name: 'loss alert', exact: true }).click();
    await page.getByRole('heading', { name: 'History' }).waitFor();
    for (const name of ['New automation', 'Edit', 'Delete', 'Redeliver']) {
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    }
    expect(await page.getByRole('switch').isDisabled()).toBe(true);

    await page.goto(`${server.url}/default/settings`);
    await page.getByRole('heading', { name: 'Members' }).waitFor();
    expect(await page.getByRole('button', { name: /Add|Remove|Delete/ }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Secrets' }).count()).toBe(0);

    const automations = await apiCall<{ automations: { id: string }[] }>(
      server,
      'GET',
      '/teams/default/automations',
    );
    const id = automations.automations[0]?.id ?? '';
    const create = await page.request.post(`${server.url}/api/v1/teams/default/automations`, {
      data: {
        name: 'x',
        scope: { type: 'project', team: 'default', project: 'cifar' },
        event: { type: 'RUN_STATE', states: ['failed'] },
        action: { type: 'NO_OP' },
      },
    });
    expect(create.status()).toBe(403);
    expect((await page.request.delete(`${server.url}/api/v1/automations/${id}`)).status()).toBe(403);
    expect(
      (
        await page.request.put(`${server.url}/api/v1/teams/default/secrets/X`, { data: { value: 'v' } })
      ).status(),
    ).toBe(403);
    const history = await apiCall<{ executions: { deliveries: { id: string }[] }[] }>(
      server,
      'GET',
      `/automations/${id}/executions`,
    );
    const deliveryId = history.executions[0]?.deliveries[0]?.id ?? '';
    expect(deliveryId).not.toBe('');
    expect(
      (await page.request.post(`${server.url}/api/v1/deliveries/${deliveryId}/redeliver`)).status(),
    ).toBe(403);
    await context.close();
  }, 60_000);

  it('links a version to a registry, adds the alias production, and an ADD_ARTIFACT_ALIAS automation posts to Slack', async () => {
    await apiCall(server, 'POST', '/registries', { name: 'model' });
    await apiCall(server, 'POST', '/registries/model/collections', { name: 'classifier', type: 'model' });
    await apiCall(server, 'POST', `${PROJECT}/artifacts`, { name: 'resnet', type: 'model' });
    await apiCall(server, 'POST', `${PROJECT}/artifacts/resnet/versions`, {
      digest: 'sha256:abc',
      metadata: { acc: 0.93 },
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, server.url, 'admin', server.password);

    // A Slack channel by bot token, in team settings.
    await page.goto(`${server.url}/default/settings`);
    await page.getByRole('textbox', { name: 'Bot token' }).fill(slack.issueBotToken());
    await page.getByRole('textbox', { name: 'Channel' }).fill('alerts');
    await page.getByRole('button', { name: 'Add Slack integration' }).click();
    await page.locator('#slack-title ~ ul li').first().waitFor();

    // The registry's Automations tab: alias ^production$ → a Slack message.
    await page.goto(`${server.url}/registries/model/automations`);
    await page.getByRole('button', { name: 'New automation' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('select[name="eventType"]').selectOption('ADD_ARTIFACT_ALIAS');
    await dialog.locator('input[name="aliasRegex"]').fill('^production$');
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.locator('select[name="actionType"]').selectOption('NOTIFICATION');
    await dialog.locator('select[name="slackIntegrationId"]').selectOption({ index: 1 });
    await dialog.locator('input[name="title"]').fill('Promoted');
    await dialog.locator('textarea[name="message"]').fill('${artifact_version_string} is now ${alias}');
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.locator('input[name="name"]').fill('prod alias');
    await dialog.getByRole('button', { name: 'Create automation' }).click();
    await dialog.waitFor({ state: 'detached' });

    // Link the version from the project's Artifacts page, then add the alias in the registry.
    await page.goto(`${server.url}/default/cifar/artifacts`);
    await page.getByRole('button', { name: 'resnet' }).click();
    await page.getByLabel('Registry', { exact: true }).selectOption('model');
    await page.getByLabel('Registry collection').fill('classifier');
    await page.getByRole('button', { name: 'Link to registry' }).click();
    await page.getByText('Linked.').waitFor();
    await page.goto(`${server.url}/registries/model`);
    await page.getByRole('button', { name: 'classifier' }).click();
    await page.getByLabel('Alias for v0').fill('production');
    await page.getByRole('button', { name: 'Add alias' }).click();
    await page.locator('.tag.alias', { hasText: '@production' }).waitFor();

    const message = await eventually(() =>
      slack.messages.find((m) => JSON.stringify(m.raw).includes('production')),
    );
    expect(JSON.stringify(message.raw)).toContain('Promoted');

    // The registry's list: search by name, sort by last execution (one that never fired goes last).
    await apiCall(server, 'POST', '/teams/default/automations', {
      name: 'a tag watcher',
      scope: { type: 'registry', registry: 'model' },
      event: { type: 'ADD_ARTIFACT_TAG', tag_regex: '^x$' },
      action: { type: 'NO_OP' },
    });
    await page.goto(`${server.url}/registries/model/automations`);
    const names = () => page.locator('tbody tr td:first-child').allTextContents();
    await expect.poll(names).toEqual(['a tag watcher', 'prod alias']);
    await page.getByLabel('Sort by').selectOption('last_execution');
    await expect.poll(names).toEqual(['prod alias', 'a tag watcher']);
    await page.getByLabel('Search').fill('prod');
    await expect.poll(names).toEqual(['prod alias']);
    await page.getByRole('button', { name: 'prod alias', exact: true }).click();
    const fired = page.locator('table.history tr[data-status="finished"]');
    await fired.waitFor({ timeout: 20_000 });
    expect(await fired.getByRole('link').getAttribute('href')).toBe('/registries/model');
    await page.screenshot({ path: join(SCREENSHOTS, 'registry-history.png'), fullPage: true });

    // The version shows the automation it triggered, in the registry and in its project.
    await page.goto(`${server.url}/registries/model`);
    await page.getByRole('button', { name: 'classifier' }).click();
    await page.getByRole('button', { name: 'Automations v0 triggered' }).click();
    const triggered = page.getByRole('region', { name: 'Automations this version triggered' });
    await triggered.locator('li[data-status="finished"]', { hasText: 'prod alias' }).waitFor();
    await page.goto(`${server.url}/default/cifar/artifacts`);
    await page.getByRole('button', { name: 'resnet' }).click();
    await triggered.locator('li', { hasText: 'prod alias' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'artifact-version.png'), fullPage: true });

    // With a second team, a new registry automation asks which team owns it; the list names it.
    await apiCall(server, 'POST', '/teams', { name: 'vision' });
    await page.goto(`${server.url}/registries/model/automations`);
    await page.getByRole('button', { name: 'New automation' }).click();
    await dialog.getByLabel('Owning team').selectOption('vision');
    await dialog.locator('select[name="eventType"]').selectOption('ADD_ARTIFACT_TAG');
    await dialog.locator('input[name="tagRegex"]').fill('^y$');
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.locator('select[name="actionType"]').selectOption('NO_OP');
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.locator('input[name="name"]').fill('vision watcher');
    await dialog.getByRole('button', { name: 'Create automation' }).click();
    await dialog.waitFor({ state: 'detached' });
    const ownerOf = (name: string) =>
      page.locator('tbody tr', { hasText: name }).locator('td[data-label="Team"]').textContent();
    await expect.poll(() => ownerOf('vision watcher')).toBe('vision');
    expect(await ownerOf('prod alias')).toBe('default');
    const vision = await apiCall<{ automations: { name: string }[] }>(
      server,
      'GET',
      '/teams/vision/automations',
    );
    expect(vision.automations.map((a) => a.name)).toEqual(['vision watcher']);

    // Registry members: add a user and a team, change a role, remove one.
    await apiCall(server, 'POST', '/users', {
      username: 'rita',
      email: 'rita@example.com',
      password: 'rita-password-1',
    });
    await page.goto(`${server.url}/registries/model`);
    const members = page.getByRole('region', { name: 'Members' });
    await members.getByLabel('Username to add').fill('rita');
    await members.getByLabel('Role for the new member').selectOption('member');
    await members.getByRole('button', { name: 'Add member' }).click();
    await members.locator('tr[data-member="rita"]').waitFor();
    await members.getByLabel('Member kind').selectOption('team');
    await members.getByLabel('Team name to add').fill('default');
    await members.getByRole('button', { name: 'Add member' }).click();
    await members.locator('tr[data-member="team:default"]').waitFor();
    await members.getByLabel('Role of rita').selectOption('viewer');
    await expect
      .poll(
        async () => (await apiCall<{ role: string }>(server, 'GET', '/registries/model/members/rita')).role,
      )
      .toBe('viewer');
    await members.getByRole('button', { name: 'Remove team:default' }).click();
    await members.getByRole('button', { name: 'Yes, remove' }).click();
    await members.locator('tr[data-member="team:default"]').waitFor({ state: 'detached' });
    await page.close();

    // A registry viewer sees the members but no controls to change them.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const viewerPage = await context.newPage();
    await signIn(viewerPage, server.url, 'rita', 'rita-password-1');
    await viewerPage.goto(`${server.url}/registries/model`);
    const seen = viewerPage.getByRole('region', { name: 'Members' });
    await seen.locator('tr[data-member="rita"]').waitFor();
    expect(await seen.getByRole('button').count()).toBe(0);
    expect(await seen.getByRole('combobox').count()).toBe(0);
    // and every automation of the registry, with its owning team, whether or not she is in it.
    await viewerPage.goto(`${server.url}/registries/model/automations`);
    const owners = async () => {
      const rows = viewerPage.locator('tbody tr');
      const names = await rows.locator('td:first-child').allTextContents();
      const teams = await rows.locator('td[data-label="Team"]').allTextContents();
      return names.map((name, k) => [name, teams[k]]);
    };
    await expect.poll(owners).toEqual([
      ['a tag watcher', 'default'],
      ['prod alias', 'default'],
      ['vision watcher', 'vision'],
    ]);
    expect(await viewerPage.getByRole('button', { name: 'New automation' }).count()).toBe(0);
    await context.close();
  }, 120_000);
});

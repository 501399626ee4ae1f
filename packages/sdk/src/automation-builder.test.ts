import { parseAutomationInput } from '@bellwether/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactEvent } from './artifact-event-builder.js';
import { doNothing, on, sendNotification, sendWebhook } from './automation-builder.js';
import { scopes } from './automation-wire.js';
import { createClient, unwrap } from './client.js';
import { RunEvent } from './run-event-builder.js';
import { startTestServer, type TestServer } from './testing/test-server.js';

const project = scopes.project('ml', 'cifar');

describe('the W&B-style automation builders', () => {
  it('build a windowed threshold as on the wire', () => {
    expect(RunEvent.metric('loss').avg(5).gt(2).toJSON()).toEqual({
      type: 'RUN_METRIC_THRESHOLD',
      metric: { name: 'loss', window: 5, agg: 'AVERAGE', cmp: '$gt', threshold: 2 },
    });
    expect(RunEvent.metric('acc').max(3).lte(0.5).toJSON().metric).toEqual({
      name: 'acc',
      window: 3,
      agg: 'MAX',
      cmp: '$lte',
      threshold: 0.5,
    });
    expect(RunEvent.metric('loss').lt(1).toJSON().metric).toEqual({
      name: 'loss',
      agg: null,
      cmp: '$lt',
      threshold: 1,
    });
  });

  it('build relative and absolute changes with a direction', () => {
    expect(RunEvent.metric('loss').changesBy({ frac: 0.1 }).toJSON().metric).toEqual({
      name: 'loss',
      agg: 'AVERAGE',
      change_type: 'RELATIVE',
      direction: 'ANY',
      amount: 0.1,
    });
    expect(
      RunEvent.metric('loss')
        .min(10)
        .changesBy({ diff: 0.5 }, { direction: 'decrease', priorWindow: 20 })
        .toJSON().metric,
    ).toEqual({
      name: 'loss',
      agg: 'MIN',
      current_window: 10,
      prior_window: 20,
      change_type: 'ABSOLUTE',
      direction: 'DECREASE',
      amount: 0.5,
    });
    expect(RunEvent.metric('acc').increasesBy({ frac: 0.2 }).toJSON().metric).toMatchObject({
      direction: 'INCREASE',
    });
  });

  it('build z-scores that look up, down or either way', () => {
    expect(RunEvent.metric('loss').zscore(30).gt(2).toJSON().metric).toEqual({
      name: 'loss',
      window: 30,
      threshold: 2,
      direction: 'INCREASE',
    });
    expect(RunEvent.metric('loss').zscore(10).lt(-3).toJSON().metric).toMatchObject({
      threshold: 3,
      direction: 'DECREASE',
    });
    expect(RunEvent.metric('loss').zscore().absGt(2).toJSON().metric).toMatchObject({
      window: 30,
      direction: 'ANY',
    });
  });

  it('add filters and firing controls without changing the base condition', () => {
    const base = RunEvent.state.in(['failed']);
    const filtered = base
      .where({ display_name: { $regex: '^resnet' } })
      .cooldown(0)
      .rateLimit(5);
    expect(base.toJSON()).toEqual({ type: 'RUN_STATE', states: ['failed'] });
    expect(filtered.toJSON()).toEqual({
      type: 'RUN_STATE',
      states: ['failed'],
      run_filter: { display_name: { $regex: '^resnet' } },
      cooldown_seconds: 0,
      rate_limit_per_minute: 5,
    });
  });

  it('produce automations that core validation accepts for every event and action kind', () => {
    const cases = [
      on(RunEvent.metric('loss').avg(5).gt(2), { name: 'a', scope: project }).then(
        sendWebhook('whk_1', { run: '${run_name}' }),
      ),
      on(RunEvent.metric('loss').changesBy({ frac: 0.1 }), { name: 'b', scope: project }).then(
        sendNotification('slk_1', { title: 'Loss moved', message: '${metric_value}', severity: 'WARN' }),
      ),
      on(RunEvent.metric('loss').zscore(30).gt(2), { name: 'c', scope: scopes.team('ml') }).then(doNothing()),
      on(RunEvent.state.in(['failed', 'finished']), { name: 'd', scope: project }).then(doNothing()),
      on(ArtifactEvent.alias.matches('^prod'), { name: 'e', scope: scopes.registry('model') }).then(
        doNothing(),
      ),
      on(ArtifactEvent.created({ collectionType: 'model' }), {
        name: 'f',
        scope: scopes.artifactCollection('ml', 'cifar', 'resnet'),
      }).then(doNothing()),
      on(ArtifactEvent.linked({ aliasRegex: 'staging' }), {
        name: 'g',
        scope: scopes.registryCollection('model', 'resnet'),
      }).then(doNothing()),
      on(ArtifactEvent.tag.added('^gold$'), { name: 'h', scope: project }).then(doNothing()),
    ];
    for (const automation of cases) {
      expect(() => parseAutomationInput(JSON.parse(JSON.stringify(automation)))).not.toThrow();
    }
    expect(cases[0]).toEqual({
      name: 'a',
      scope: { type: 'project', team: 'ml', project: 'cifar' },
      event: {
        type: 'RUN_METRIC_THRESHOLD',
        metric: { name: 'loss', window: 5, agg: 'AVERAGE', cmp: '$gt', threshold: 2 },
      },
      action: { type: 'GENERIC_WEBHOOK', webhook_id: 'whk_1', payload: { run: '${run_name}' } },
    });
  });
});

describe('automations built with the SDK, posted to a real server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    await server.app.request('POST', '/api/v1/teams/ml/projects', { body: { name: 'cifar' } });
  });
  afterAll(() => server.close());

  it('are accepted and come back with the same event', async () => {
    const client = createClient({ baseUrl: server.url, apiKey: server.apiKey });
    const events = [
      RunEvent.metric('loss').avg(5).gt(2),
      RunEvent.metric('loss').changesBy({ diff: 0.5 }, { direction: 'increase' }),
      RunEvent.metric('loss').zscore(30).gt(2),
      RunEvent.state.in(['failed']).where({ tags: { $contains: 'nightly' } }),
      ArtifactEvent.alias.matches('^prod'),
      ArtifactEvent.created(),
    ];
    for (const [i, event] of events.entries()) {
      const automation = on(event, { name: `auto ${i}`, scope: project, description: 'built' }).then(
        doNothing(),
      );
      const created = unwrap(
        await client.POST('/api/v1/teams/{team}/automations', {
          params: { path: { team: 'ml' } },
          body: automation,
        }),
      );
      expect(created.name).toBe(`auto ${i}`);
      expect(created.event).toMatchObject(event.toJSON());
    }
  });
});

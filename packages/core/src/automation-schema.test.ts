import { describe, expect, it } from 'vitest';
import {
  applyAutomationPatch,
  DEFAULT_COOLDOWN_SECONDS,
  MAX_WINDOW,
  parseAutomationInput,
  parseAutomationPatch,
} from './automation-schema.js';
import { BellwetherError } from './errors.js';

const specExample = {
  name: 'loss spike',
  description: '',
  enabled: true,
  scope: { type: 'project', team: 'ml', project: 'cifar' },
  event: {
    type: 'RUN_METRIC_THRESHOLD',
    run_filter: { $and: [{ display_name: { $regex: '^resnet' } }] },
    metric: { name: 'loss', window: 5, agg: 'AVERAGE', cmp: '$gt', threshold: 2 },
  },
  action: { type: 'GENERIC_WEBHOOK', webhook_id: 'whk_1', payload: { run: '${run_name}' } },
};

function withEvent(event: unknown, scope: unknown = { type: 'project', team: 'ml', project: 'cifar' }) {
  return { name: 'a', scope, event, action: { type: 'NO_OP' } };
}

/** The field errors of a parse that must fail with 422. */
function errorsOf(json: unknown): Array<{ path: string; message: string }> {
  try {
    parseAutomationInput(json);
  } catch (error) {
    expect(error).toBeInstanceOf(BellwetherError);
    expect((error as BellwetherError).status).toBe(422);
    return [...(error as BellwetherError).errors];
  }
  throw new Error('expected a validation error');
}

describe('parseAutomationInput', () => {
  it('accepts the SPEC example and fills in the firing-control defaults', () => {
    const parsed = parseAutomationInput(specExample);
    expect(parsed.event).toMatchObject({
      type: 'RUN_METRIC_THRESHOLD',
      cooldown_seconds: DEFAULT_COOLDOWN_SECONDS,
      rate_limit_per_minute: 60,
      metric: { window: 5, agg: 'AVERAGE' },
    });
  });

  it('fills in name-independent defaults for description and enabled', () => {
    const parsed = parseAutomationInput(withEvent({ type: 'RUN_STATE', states: ['failed', 'failed'] }));
    expect(parsed.description).toBe('');
    expect(parsed.enabled).toBe(true);
    expect(parsed.event).toMatchObject({ states: ['failed'] });
  });

  it('uses a window of 1 for a threshold without aggregation', () => {
    const parsed = parseAutomationInput(
      withEvent({ type: 'RUN_METRIC_THRESHOLD', metric: { name: 'acc', cmp: '$lt', threshold: 0.5 } }),
    );
    expect(parsed.event).toMatchObject({ metric: { agg: null, window: 1 } });
  });

  it('refuses a window larger than 1 without aggregation', () => {
    const errors = errorsOf(
      withEvent({
        type: 'RUN_METRIC_THRESHOLD',
        metric: { name: 'acc', window: 3, cmp: '$lt', threshold: 0 },
      }),
    );
    expect(errors).toEqual([
      { path: 'event.metric.window', message: expect.stringContaining('agg is null') },
    ]);
  });

  it('fills in the change and z-score defaults', () => {
    const change = parseAutomationInput(
      withEvent({ type: 'RUN_METRIC_CHANGE', metric: { name: 'loss', direction: 'ANY', amount: 0.1 } }),
    );
    expect(change.event).toMatchObject({
      metric: { current_window: 10, prior_window: 50, agg: 'AVERAGE', change_type: 'RELATIVE' },
    });
    const zscore = parseAutomationInput(
      withEvent({ type: 'RUN_METRIC_ZSCORE', metric: { name: 'loss', threshold: 3, direction: 'INCREASE' } }),
    );
    expect(zscore.event).toMatchObject({ metric: { window: 30 } });
  });

  it('accepts every scope shape with the events it allows', () => {
    const scopes = [
      { type: 'team', team: 'ml' },
      { type: 'project', team: 'ml', project: 'p' },
      { type: 'artifact_collection', team: 'ml', project: 'p', collection: 'c' },
      { type: 'registry', registry: 'model' },
      { type: 'registry_collection', registry: 'model', collection: 'c' },
    ];
    for (const scope of scopes) {
      const parsed = parseAutomationInput(
        withEvent({ type: 'ADD_ARTIFACT_ALIAS', alias_regex: '^prod' }, scope),
      );
      expect(parsed.scope).toEqual(scope);
    }
  });

  it('accepts artifact events with their optional filters', () => {
    const linked = parseAutomationInput(
      withEvent(
        {
          type: 'LINK_ARTIFACT',
          alias_regex: 'prod|staging',
          collection: 'resnet',
          collection_type: 'model',
        },
        { type: 'registry', registry: 'model' },
      ),
    );
    expect(linked.event).toMatchObject({ alias_regex: 'prod|staging', rate_limit_per_minute: 60 });
    expect(() => parseAutomationInput(withEvent({ type: 'CREATE_ARTIFACT' }))).not.toThrow();
  });

  it('accepts the three action shapes and defaults the Slack severity to INFO', () => {
    const slack = parseAutomationInput({
      ...withEvent({ type: 'RUN_STATE', states: ['finished'] }),
      action: { type: 'NOTIFICATION', slack_integration_id: 'slk_1', title: 'Done', message: '${run_name}' },
    });
    expect(slack.action).toMatchObject({ severity: 'INFO' });
    const hook = parseAutomationInput({
      ...withEvent({ type: 'RUN_STATE', states: ['finished'] }),
      action: { type: 'GENERIC_WEBHOOK', webhook_id: 'whk_1', payload: '{"text": "${run_name}"}' },
    });
    expect(hook.action).toMatchObject({ payload: '{"text": "${run_name}"}' });
  });

  it('refuses RUN_STATE on a registry at event.type with the allowed scopes', () => {
    const errors = errorsOf(
      withEvent({ type: 'RUN_STATE', states: ['failed'] }, { type: 'registry', registry: 'm' }),
    );
    expect(errors).toEqual([
      {
        path: 'event.type',
        message: 'RUN_STATE cannot be used on a registry scope; allowed scopes: team, project',
      },
    ]);
  });

  it('refuses CREATE_ARTIFACT on a registry collection and LINK_ARTIFACT on a project', () => {
    expect(
      errorsOf(
        withEvent(
          { type: 'CREATE_ARTIFACT' },
          { type: 'registry_collection', registry: 'm', collection: 'c' },
        ),
      ),
    ).toMatchObject([{ path: 'event.type' }]);
    expect(errorsOf(withEvent({ type: 'LINK_ARTIFACT' }))).toMatchObject([{ path: 'event.type' }]);
  });

  it.each([
    [
      {
        type: 'RUN_METRIC_THRESHOLD',
        metric: { name: 'l', window: 0, agg: 'MIN', cmp: '$gt', threshold: 1 },
      },
      'event.metric.window',
      'must be an integer between 1 and 1000',
    ],
    [
      {
        type: 'RUN_METRIC_THRESHOLD',
        metric: { name: 'l', window: MAX_WINDOW + 1, agg: 'MIN', cmp: '$gt', threshold: 1 },
      },
      'event.metric.window',
      'must be an integer between 1 and 1000',
    ],
    [
      {
        type: 'RUN_METRIC_THRESHOLD',
        metric: { name: 'l', window: 2.5, agg: 'MIN', cmp: '$gt', threshold: 1 },
      },
      'event.metric.window',
      'must be an integer between 1 and 1000',
    ],
    [
      { type: 'RUN_METRIC_THRESHOLD', metric: { name: 'l', cmp: '>', threshold: 1 } },
      'event.metric.cmp',
      "must be one of '$gt', '$gte', '$lt', '$lte', '$eq', '$ne'",
    ],
    [
      { type: 'RUN_METRIC_THRESHOLD', metric: { name: 'l', cmp: '$gt' } },
      'event.metric.threshold',
      'is required',
    ],
    [
      { type: 'RUN_METRIC_THRESHOLD', metric: { name: 'l', cmp: '$gt', threshold: '2' } },
      'event.metric.threshold',
      'must be a finite number',
    ],
    [
      { type: 'RUN_METRIC_THRESHOLD', metric: { name: 'l', agg: 'MEDIAN', cmp: '$gt', threshold: 1 } },
      'event.metric.agg',
      "must be one of 'AVERAGE', 'MIN', 'MAX' or null",
    ],
    [
      { type: 'RUN_METRIC_CHANGE', metric: { name: 'l', direction: 'ANY', amount: 0 } },
      'event.metric.amount',
      'must be a number greater than 0',
    ],
    [
      {
        type: 'RUN_METRIC_CHANGE',
        metric: { name: 'l', direction: 'ANY', amount: 1, change_type: 'PERCENT' },
      },
      'event.metric.change_type',
      "must be one of 'RELATIVE', 'ABSOLUTE'",
    ],
    [
      { type: 'RUN_METRIC_ZSCORE', metric: { name: 'l', direction: 'UP', threshold: 2 } },
      'event.metric.direction',
      "must be one of 'INCREASE', 'DECREASE', 'ANY'",
    ],
    [
      { type: 'RUN_METRIC_ZSCORE', metric: { name: 'l', direction: 'ANY', threshold: -2 } },
      'event.metric.threshold',
      'must be a number greater than 0',
    ],
    [
      { type: 'RUN_METRIC_ZSCORE', metric: { name: '', direction: 'ANY', threshold: 2 } },
      'event.metric.name',
      'must be a non-empty string of at most 255 characters',
    ],
    [{ type: 'RUN_STATE', states: [] }, 'event.states', 'must name at least one state'],
    [
      { type: 'RUN_STATE', states: ['crashed'] },
      'event.states.0',
      "must list states among 'running', 'finished', 'failed'",
    ],
    [
      { type: 'RUN_STATE', states: ['failed'], cooldown_seconds: -1 },
      'event.cooldown_seconds',
      'must be an integer number of seconds ≥ 0',
    ],
    [
      { type: 'RUN_STATE', states: ['failed'], rate_limit_per_minute: 0 },
      'event.rate_limit_per_minute',
      'must be an integer between 1 and 10000',
    ],
    [
      { type: 'RUN_STATE', states: ['failed'], run_filter: [1] },
      'event.run_filter',
      'must be a JSON object (a run filter)',
    ],
    [
      { type: 'CREATE_ARTIFACT', cooldown_seconds: 0 },
      'event.cooldown_seconds',
      "unknown field 'cooldown_seconds'",
    ],
    [{ type: 'ADD_ARTIFACT_ALIAS' }, 'event.alias_regex', 'is required'],
    [{ type: 'ADD_ARTIFACT_TAG' }, 'event.tag_regex', 'is required'],
    [
      { type: 'RUN_METRIC_FOO' },
      'event.type',
      "must be one of 'RUN_METRIC_THRESHOLD', 'RUN_METRIC_CHANGE', 'RUN_METRIC_ZSCORE', 'RUN_STATE', 'CREATE_ARTIFACT', 'LINK_ARTIFACT', 'UNLINK_ARTIFACT', 'ADD_ARTIFACT_ALIAS', 'ADD_ARTIFACT_TAG', 'REMOVE_ARTIFACT_TAG'",
    ],
  ])('refuses a bad event field (%#) at its path', (event, path, message) => {
    expect(errorsOf(withEvent(event))).toEqual([{ path, message }]);
  });

  it('names the RE2 error of a pattern RE2 does not accept', () => {
    const errors = errorsOf(withEvent({ type: 'ADD_ARTIFACT_TAG', tag_regex: '(a)\\1' }));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe('event.tag_regex');
    expect(errors[0]?.message).toMatch(/^is not a valid RE2 regular expression: .+/);
  });

  it('reports unknown fields at every level', () => {
    const errors = errorsOf({
      ...specExample,
      foo: 1,
      scope: { ...specExample.scope, bar: 2 },
      event: { ...specExample.event, metric: { ...specExample.event.metric, baz: 3 } },
    });
    expect(errors).toHaveLength(3);
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: 'foo', message: "unknown field 'foo'" },
        { path: 'scope.bar', message: "unknown field 'bar'" },
        { path: 'event.metric.baz', message: "unknown field 'baz'" },
      ]),
    );
  });

  it('refuses overlong names, descriptions, titles and messages', () => {
    expect(errorsOf({ ...specExample, name: 'x'.repeat(256) })).toMatchObject([{ path: 'name' }]);
    expect(errorsOf({ ...specExample, description: 'x'.repeat(2001) })).toMatchObject([
      { path: 'description' },
    ]);
    const slack = (title: string, message: string) => ({
      ...specExample,
      action: { type: 'NOTIFICATION', slack_integration_id: 'slk_1', title, message },
    });
    expect(errorsOf(slack('x'.repeat(256), ''))).toMatchObject([{ path: 'action.title' }]);
    expect(errorsOf(slack('t', 'x'.repeat(4001)))).toMatchObject([
      { path: 'action.message', message: 'must be at most 4000 characters' },
    ]);
  });

  it('refuses bad actions and scopes at their paths', () => {
    expect(
      errorsOf({ ...specExample, action: { type: 'GENERIC_WEBHOOK', webhook_id: 'w', payload: [1] } }),
    ).toEqual([{ path: 'action.payload', message: 'must be a JSON object or a template string' }]);
    expect(errorsOf({ ...specExample, scope: { type: 'project', team: 'ml' } })).toEqual([
      { path: 'scope.project', message: 'is required' },
    ]);
    expect(errorsOf({ ...specExample, scope: undefined })).toEqual([
      { path: 'scope', message: 'is required' },
    ]);
  });

  it('refuses a body that is not an object', () => {
    expect(errorsOf('nope')).toEqual([{ path: '(body)', message: 'must be a JSON object' }]);
  });

  it('reports errors of an injected run-filter checker under event.run_filter', () => {
    expect(() =>
      parseAutomationInput(specExample, {
        checkRunFilter: () => [{ path: '$and.0.display_name', message: 'unknown operator' }],
      }),
    ).toThrow(/event\.run_filter\.\$and\.0\.display_name: unknown operator/);
  });
});

describe('parseAutomationPatch', () => {
  it('accepts a partial body without filling in top-level defaults', () => {
    expect(parseAutomationPatch({ enabled: false })).toEqual({ enabled: false });
  });

  it('parses a given event whole, with its defaults', () => {
    const patch = parseAutomationPatch({ event: { type: 'RUN_STATE', states: ['running'] } });
    expect(patch.event).toMatchObject({ cooldown_seconds: DEFAULT_COOLDOWN_SECONDS });
    expect(() => parseAutomationPatch({ event: { type: 'RUN_STATE' } })).toThrow(/event\.states/);
  });

  it('refuses an event and scope given together that do not fit', () => {
    expect(() =>
      parseAutomationPatch({
        scope: { type: 'registry', registry: 'm' },
        event: { type: 'RUN_STATE', states: ['failed'] },
      }),
    ).toThrow(/event\.type: RUN_STATE cannot be used on a registry scope/);
  });

  it('checks the merged automation when only the scope changes', () => {
    const current = parseAutomationInput(specExample);
    const patch = parseAutomationPatch({ scope: { type: 'registry', registry: 'model' } });
    expect(() => applyAutomationPatch(current, patch)).toThrow(/event\.type/);
    const renamed = applyAutomationPatch(current, parseAutomationPatch({ name: 'renamed' }));
    expect(renamed).toEqual({ ...current, name: 'renamed' });
  });
});

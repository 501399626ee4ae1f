import type { DomainEvent, VersionSnapshot } from '@bellwether/core';
import { describe, expect, it } from 'vitest';
import { evaluateEvent } from './evaluate-event.js';
import {
  compileEvent,
  EngineHarness,
  historyEvent,
  makeRun,
  projectPlace,
  runStateEvent,
} from './test-fixtures.js';

const avgLoss = (extra: Record<string, unknown> = {}) => ({
  type: 'RUN_METRIC_THRESHOLD',
  metric: { name: 'loss', window: 2, agg: 'AVERAGE', cmp: '$gt', threshold: 2 },
  cooldown_seconds: 0,
  ...extra,
});
const steps = (firings: { snapshot: { step?: number } }[]) => firings.map((f) => f.snapshot.step);

describe('evaluateEvent on metric history', () => {
  it('fires once while the metric oscillates above the threshold, again after it was false', () => {
    const engine = new EngineHarness([compileEvent(avgLoss())]);
    expect(steps(engine.feed(historyEvent([3, 3, 3, 2.5, 3])))).toEqual([1]);
    expect(steps(engine.feed(historyEvent([0, 0, 5, 5], { firstStep: 5 })))).toEqual([7]);
  });

  it('can fire more than once within one batch when the cooldown is 0', () => {
    const engine = new EngineHarness([compileEvent(avgLoss())]);
    expect(steps(engine.feed(historyEvent([3, 3, 0, 0, 3, 3])))).toEqual([1, 5]);
  });

  it('evaluates each step once: a re-sent batch or a step logged again cannot fire again', () => {
    const engine = new EngineHarness([compileEvent(avgLoss())]);
    expect(steps(engine.feed(historyEvent([1, 3, 3])))).toEqual([2]);
    expect(engine.feed(historyEvent([1, 3, 3]))).toEqual([]);
    expect(engine.feed(historyEvent([0, 0], { firstStep: 1 }))).toEqual([]);
    // Step 2 was evaluated already; step 3 is new. The window holds the evaluated 3, 3 (the zeros
    // logged again were not evaluated, so nothing re-armed): 9 keeps it true without firing.
    expect(engine.feed(historyEvent([0, 9], { firstStep: 2 }))).toEqual([]);
    expect(steps(engine.feed(historyEvent([0, 0, 9, 9], { firstStep: 4 })))).toEqual([6]);
  });

  it('only looks at points of its metric, in order', () => {
    const engine = new EngineHarness([compileEvent(avgLoss())]);
    const event = historyEvent([3, 100, 3]);
    event.points[1] = { ...event.points[1], key: 'acc' } as (typeof event.points)[number];
    expect(steps(engine.feed(event))).toEqual([2]);
  });

  it('swallows a turn to true inside the cooldown and stays disarmed until false again', () => {
    const engine = new EngineHarness([compileEvent(avgLoss({ cooldown_seconds: 60 }))]);
    const t0 = 1_700_000_000_000;
    expect(steps(engine.feed(historyEvent([3, 3]), t0))).toEqual([1]);
    expect(engine.feed(historyEvent([0, 0, 3, 3], { firstStep: 2 }), t0 + 10_000)).toEqual([]);
    // Past the cooldown but still true: the swallowed turn left it disarmed.
    expect(engine.feed(historyEvent([3], { firstStep: 6 }), t0 + 120_000)).toEqual([]);
    expect(steps(engine.feed(historyEvent([0, 0, 3, 3], { firstStep: 7 }), t0 + 130_000))).toEqual([10]);
  });

  it('applies the default cooldown of 24 hours within one batch', () => {
    const engine = new EngineHarness([compileEvent({ ...avgLoss(), cooldown_seconds: undefined })]);
    expect(steps(engine.feed(historyEvent([3, 3, 0, 0, 3, 3])))).toEqual([1]);
  });

  it('ignores disabled automations', () => {
    const engine = new EngineHarness([compileEvent(avgLoss(), { enabled: false })]);
    expect(engine.feed(historyEvent([3, 3]))).toEqual([]);
    expect(engine.runStates.size).toBe(0);
  });

  it('does not track runs the injected run filter refuses', () => {
    const engine = new EngineHarness([compileEvent(avgLoss({ run_filter: { tag: 'prod' } }))]);
    expect(engine.feed(historyEvent([3, 3]))).toEqual([]);
    expect(engine.runStates.size).toBe(0);
    expect(engine.feed(historyEvent([3, 3], { run: makeRun({ tags: ['prod'] }) }))).toHaveLength(1);
  });

  it('never fires for a killed run', () => {
    const engine = new EngineHarness([compileEvent(avgLoss())]);
    expect(engine.feed(historyEvent([3, 3], { run: makeRun({ state: 'killed' }) }))).toEqual([]);
  });

  it('continues identically from a state saved to JSON mid-sequence', () => {
    const automation = compileEvent({
      type: 'RUN_METRIC_ZSCORE',
      metric: { name: 'loss', window: 5, threshold: 1.5, direction: 'ANY' },
      cooldown_seconds: 0,
    });
    const values = [1, Number.NaN, 2, 1, 2, 1, 2, 9, 1, 2, 1, Number.POSITIVE_INFINITY, 1, 2, 1, 2, 1, -7, 1];
    const whole = new EngineHarness([automation]).feed(historyEvent(values));
    const split = new EngineHarness([automation]);
    const firings = [
      ...split.feed(historyEvent(values.slice(0, 8))),
      ...split.feed(historyEvent(values.slice(8), { firstStep: 8 })),
    ];
    expect(firings).toEqual(whole);
    expect(steps(whole)).toEqual([7, 11, 17]);
  });

  it('describes the firing with the SPEC payload variables', () => {
    const [firing] = new EngineHarness([compileEvent(avgLoss())]).feed(
      historyEvent([1, 3, Number.POSITIVE_INFINITY]),
    );
    expect(firing).toEqual({
      automationId: 'aut_1',
      status: 'pending',
      reason: 'avg(loss) over last 2 > 2 held at step 2 (value Infinity)',
      snapshot: {
        event_type: 'RUN_METRIC_THRESHOLD',
        event_author: 'ada',
        entity_name: 'ml',
        project_name: 'cifar',
        run_id: 'abc123',
        run_name: 'resnet-1',
        run_status: 'running',
        step: 2,
        metric_name: 'loss',
        metric_value: 'Infinity',
        metric_values: [3, 'Infinity'],
        metric_filter: 'avg(loss) over last 2 > 2',
        metric_filter_short: 'loss > 2',
        event_time: '2023-11-14T22:13:20.000Z',
        refs: { team_id: 'team_1', project_id: 'prj_1', run: 'run_pk1' },
      },
    });
  });

  it('turns firings past the rate limit into skipped ones', () => {
    const engine = new EngineHarness([compileEvent(avgLoss({ rate_limit_per_minute: 2 }))]);
    const statuses = engine.feed(historyEvent([3, 3, 0, 0, 3, 3, 0, 0, 3, 3])).map((f) => f.status);
    expect(statuses).toEqual(['pending', 'pending', 'skipped']);
    expect(
      engine
        .feed(historyEvent([0, 0, 3, 3], { firstStep: 10 }), 1_700_000_000_000 + 60_000)
        .map((f) => f.status),
    ).toEqual(['pending']);
  });

  it('fires several automations on one event, each on its own', () => {
    const engine = new EngineHarness([
      compileEvent(avgLoss(), { id: 'aut_a' }),
      compileEvent({ ...avgLoss(), metric: { name: 'loss', cmp: '$lt', threshold: 0 } }, { id: 'aut_b' }),
      compileEvent({ ...avgLoss(), metric: { name: 'acc', cmp: '$lt', threshold: 9 } }, { id: 'aut_c' }),
    ]);
    const firings = engine.feed(historyEvent([3, 3, -1]));
    expect(firings.map((f) => [f.automationId, f.snapshot.step])).toEqual([
      ['aut_a', 1],
      ['aut_b', 2],
    ]);
    expect([...engine.runStates.keys()]).toEqual(['aut_a', 'aut_b']);
  });

  it('does not mutate the states it was given', () => {
    const automation = compileEvent(avgLoss());
    const runStates = new Map([
      [
        'aut_1',
        { armed: true, lastFiredAt: null, lastStep: null, condition: { metric: 'loss', values: [3] } },
      ],
    ]);
    const before = JSON.stringify([...runStates]);
    const result = evaluateEvent({
      automations: [automation],
      event: historyEvent([3]),
      runStates,
      rateStates: new Map(),
      now: 0,
    });
    expect(result.firings).toHaveLength(1);
    expect(JSON.stringify([...runStates])).toBe(before);
  });
});

describe('evaluateEvent on run states', () => {
  const failed = (extra: Record<string, unknown> = {}) =>
    compileEvent({ type: 'RUN_STATE', states: ['failed'], ...extra });

  it('counts a crash as failed and edge-triggers on the state', () => {
    const engine = new EngineHarness([failed({ cooldown_seconds: 0 })]);
    expect(engine.feed(runStateEvent('crashed'))).toMatchObject([{ snapshot: { run_status: 'crashed' } }]);
    expect(engine.feed(runStateEvent('failed', 'crashed'))).toEqual([]);
    expect(engine.feed(runStateEvent('running', 'failed'))).toEqual([]);
    expect(engine.feed(runStateEvent('failed'))).toHaveLength(1);
  });

  it('never fires for a killed run', () => {
    const engine = new EngineHarness([compileEvent({ type: 'RUN_STATE', states: ['failed', 'finished'] })]);
    expect(engine.feed(runStateEvent('killed'))).toEqual([]);
  });

  it('applies the run filter', () => {
    const engine = new EngineHarness([failed({ run_filter: { tag: 'prod' } })]);
    expect(engine.feed(runStateEvent('failed'))).toEqual([]);
    expect(
      engine.feed(runStateEvent('failed', 'running', makeRun({ state: 'failed', tags: ['prod'] }))),
    ).toHaveLength(1);
  });
});

describe('evaluateEvent on artifact events', () => {
  const version: VersionSnapshot = {
    versionId: 'ver_1',
    collectionId: 'col_1',
    collectionName: 'resnet',
    collectionType: 'model',
    index: 3,
    metadata: { accuracy: 0.9 },
    artifactPath: 'ml/cifar/resnet:v3',
  };
  const base = { place: projectPlace, author: 'ada', authorId: 'usr_1', at: 0 };
  const alias = (name: string): DomainEvent => ({
    ...base,
    type: 'artifact_alias_added',
    version,
    alias: name,
  });

  it('fires once per matching write with the artifact variables', () => {
    const engine = new EngineHarness([compileEvent({ type: 'ADD_ARTIFACT_ALIAS', alias_regex: '^prod' })]);
    expect(engine.feed(alias('staging'))).toEqual([]);
    const firings = [...engine.feed(alias('production')), ...engine.feed(alias('production'))];
    expect(firings).toHaveLength(2);
    expect(firings[0]?.snapshot).toMatchObject({
      event_type: 'ADD_ARTIFACT_ALIAS',
      alias: 'production',
      artifact_collection_name: 'resnet',
      artifact_version: 'bellwether-artifact://ver_1',
      artifact_version_string: 'ml/cifar/resnet:v3',
      artifact_version_index: 3,
      artifact_metadata: { accuracy: 0.9 },
    });
    expect(firings[0]?.snapshot).not.toHaveProperty('run_id');
  });

  it('honours the collection name and type filters and the tag regex', () => {
    const created: DomainEvent = { ...base, type: 'artifact_created', version };
    const tagged: DomainEvent = { ...base, type: 'artifact_tag_added', version, tag: 'golden' };
    const engine = new EngineHarness([
      compileEvent({ type: 'CREATE_ARTIFACT', collection: 'resnet' }, { id: 'a' }),
      compileEvent({ type: 'CREATE_ARTIFACT', collection_type: 'dataset' }, { id: 'b' }),
      compileEvent({ type: 'ADD_ARTIFACT_TAG', tag_regex: 'gold' }, { id: 'c' }),
      compileEvent({ type: 'REMOVE_ARTIFACT_TAG', tag_regex: 'gold' }, { id: 'd' }),
    ]);
    expect(engine.feed(created).map((f) => f.automationId)).toEqual(['a']);
    expect(engine.feed(tagged).map((f) => [f.automationId, f.snapshot.tag])).toEqual([['c', 'golden']]);
  });

  it('matches a link by any of its aliases and names the registry as the project', () => {
    const registry = {
      ...projectPlace,
      projectId: null,
      projectName: null,
      registryId: 'reg_1',
      registryName: 'model',
    };
    const linked: DomainEvent = {
      ...base,
      place: registry,
      type: 'artifact_linked',
      version,
      aliases: ['latest', 'prod'],
    };
    const scope = { type: 'registry', registry: 'model' };
    const engine = new EngineHarness([
      compileEvent({ type: 'LINK_ARTIFACT', alias_regex: '^prod$' }, { scope, id: 'a' }),
      compileEvent({ type: 'LINK_ARTIFACT', alias_regex: '^staging$' }, { scope, id: 'b' }),
      compileEvent({ type: 'UNLINK_ARTIFACT' }, { scope, id: 'c' }),
    ]);
    expect(engine.feed(linked)).toMatchObject([
      { automationId: 'a', snapshot: { alias: 'prod', project_name: 'model' } },
    ]);
  });

  it('rate-limits artifact firings too', () => {
    const engine = new EngineHarness([
      compileEvent({ type: 'ADD_ARTIFACT_ALIAS', alias_regex: '.', rate_limit_per_minute: 1 }),
    ]);
    expect([...engine.feed(alias('a')), ...engine.feed(alias('b'))].map((f) => f.status)).toEqual([
      'pending',
      'skipped',
    ]);
  });
});

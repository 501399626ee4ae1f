import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BellwetherError, type FieldError } from './errors.js';
import { checkRunFilter, compileRunFilter } from './run-filter.js';
import { describeRunFilter } from './run-filter-describe.js';
import type { RunSnapshot } from './types.js';

function run(overrides: Partial<RunSnapshot> = {}): RunSnapshot {
  return {
    id: 'run_1',
    teamId: 'team_1',
    projectId: 'prj_1',
    runId: 'abc123',
    displayName: 'resnet-50-lr3',
    userId: 'usr_1',
    username: 'ada',
    state: 'running',
    config: { lr: 0.001, optimizer: { name: 'adam', betas: [0.9, 0.999] }, layers: [64, 128], tag: 'x' },
    tags: ['baseline', 'gpu'],
    ...overrides,
  };
}

function matches(filter: unknown, r: RunSnapshot = run()): boolean {
  return compileRunFilter(filter)(r);
}

function errorsOf(filter: unknown): FieldError[] {
  try {
    compileRunFilter(filter);
  } catch (error) {
    expect(error).toBeInstanceOf(BellwetherError);
    expect((error as BellwetherError).code).toBe('validation_failed');
    return [...(error as BellwetherError).errors];
  }
  throw new Error('expected the filter to be refused');
}

describe('compileRunFilter', () => {
  it('accepts the filter W&B writes for a display name regex', () => {
    const filter = { $and: [{ display_name: { $regex: '^resnet' } }] };
    expect(matches(filter)).toBe(true);
    expect(matches(filter, run({ displayName: 'vit-b16' }))).toBe(false);
  });

  it('matches every run for null, {} and an empty $and', () => {
    expect(matches(null)).toBe(true);
    expect(matches({})).toBe(true);
    expect(matches({ $and: [] })).toBe(true);
  });

  it('reads implicit equality and an implicit $and of several fields', () => {
    expect(matches({ display_name: 'resnet-50-lr3', state: 'running' })).toBe(true);
    expect(matches({ display_name: 'resnet-50-lr3', state: 'finished' })).toBe(false);
  });

  it('combines $or and $not', () => {
    expect(matches({ $or: [{ state: 'finished' }, { username: 'ada' }] })).toBe(true);
    expect(matches({ $not: { username: 'ada' } })).toBe(false);
    expect(matches({ display_name: { $not: { $regex: '^vit' } } })).toBe(true);
  });

  it('treats user as an alias of username and a run without a user as missing', () => {
    expect(matches({ user: 'ada' })).toBe(true);
    expect(matches({ username: { $exists: false } }, run({ username: null }))).toBe(true);
    expect(matches({ username: { $ne: 'ada' } }, run({ username: null }))).toBe(true);
    expect(matches({ username: { $regex: '.*' } }, run({ username: null }))).toBe(false);
  });

  it('matches tags by presence with $eq, $contains, $in, $nin and $regex', () => {
    expect(matches({ tags: 'gpu' })).toBe(true);
    expect(matches({ tags: { $contains: 'baseline' } })).toBe(true);
    expect(matches({ tags: { $contains: 'cpu' } })).toBe(false);
    expect(matches({ tags: { $in: ['cpu', 'gpu'] } })).toBe(true);
    expect(matches({ tags: { $nin: ['cpu', 'gpu'] } })).toBe(false);
    expect(matches({ tags: { $regex: '^base' } })).toBe(true);
    expect(matches({ tags: { $exists: true } }, run({ tags: [] }))).toBe(true);
  });

  it('compares numbers numerically and strings lexicographically', () => {
    expect(matches({ 'config.lr': { $lt: 0.01 } })).toBe(true);
    expect(matches({ 'config.lr': { $gte: 0.01 } })).toBe(false);
    expect(matches({ 'config.layers': { $gt: 100 } })).toBe(true);
    expect(matches({ 'config.lr': { $gt: 2 } }, run({ config: { lr: 10 } }))).toBe(true);
    expect(matches({ run_id: { $gt: 'abc100', $lt: 'abd' } })).toBe(true);
    expect(matches({ 'config.tag': { $gt: 'w' } })).toBe(true);
  });

  it('never matches mixed types, so $ne and $nin do', () => {
    expect(matches({ 'config.lr': { $gt: '0' } })).toBe(false);
    expect(matches({ 'config.lr': { $lt: '1' } })).toBe(false);
    expect(matches({ 'config.lr': '0.001' })).toBe(false);
    expect(matches({ 'config.lr': { $ne: '0.001' } })).toBe(true);
    expect(matches({ 'config.lr': { $nin: ['0.001'] } })).toBe(true);
  });

  it('reads nested config paths, array indexes and whole objects', () => {
    expect(matches({ 'config.optimizer.name': 'adam' })).toBe(true);
    expect(matches({ 'config.optimizer.betas.1': 0.999 })).toBe(true);
    expect(matches({ 'config.optimizer': { betas: [0.9, 0.999], name: 'adam' } })).toBe(true);
    expect(matches({ 'config.layers': 128 })).toBe(true);
    expect(matches({ 'config.layers': { $contains: 64 } })).toBe(true);
    expect(matches({ 'config.optimizer.name': { $in: ['sgd', 'adam'] } })).toBe(true);
  });

  it('lets a missing config path match only $exists false, $ne and $nin', () => {
    expect(matches({ 'config.missing': { $exists: false } })).toBe(true);
    expect(matches({ 'config.missing': { $exists: true } })).toBe(false);
    expect(matches({ 'config.missing': null })).toBe(false);
    expect(matches({ 'config.missing': { $ne: 1 } })).toBe(true);
    expect(matches({ 'config.missing': { $nin: [1] } })).toBe(true);
    expect(matches({ 'config.missing': { $lt: 1 } })).toBe(false);
    expect(matches({ 'config.missing': { $regex: '' } })).toBe(false);
    expect(matches({ 'config.x': null }, run({ config: { x: null } }))).toBe(true);
  });

  it('never reads through the prototype of config', () => {
    expect(matches({ 'config.constructor': { $exists: true } })).toBe(false);
    expect(matches({ 'config.__proto__': { $exists: true } })).toBe(false);
    expect(matches({ 'config.toString': { $exists: false } })).toBe(true);
  });

  it('honours $options for case-insensitive regexes and searches unanchored', () => {
    expect(matches({ display_name: { $regex: 'RESNET', $options: 'i' } })).toBe(true);
    expect(matches({ display_name: { $regex: 'RESNET' } })).toBe(false);
    expect(matches({ display_name: { $regex: 'lr\\d' } })).toBe(true);
  });

  it('matches a pathological pattern in linear time', () => {
    const predicate = compileRunFilter({ display_name: { $regex: '^(a+)+$' } });
    const started = performance.now();
    expect(predicate(run({ displayName: `${'a'.repeat(4000)}!` }))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('names the exact path of an invalid regex and includes the RE2 message', () => {
    const errors = errorsOf({ $and: [{ display_name: { $regex: '(resnet' } }] });
    expect(errors).toEqual([
      {
        path: 'event.run_filter.$and[0].display_name.$regex',
        message: expect.stringContaining('missing closing )'),
      },
    ]);
    expect(errorsOf({ display_name: { $regex: '(?=x)' } })[0]?.message).toMatch(/Perl syntax/);
    expect(errorsOf({ display_name: { $regex: 'a'.repeat(1001) } })[0]?.message).toMatch(/longer than 1000/);
  });

  it('refuses unknown operators and fields with suggestions', () => {
    expect(errorsOf({ $nor: [] })[0]).toEqual({
      path: 'event.run_filter.$nor',
      message: 'unknown operator $nor; outside a field use $and, $or or $not',
    });
    expect(errorsOf({ displayName: 'x' })[0]?.message).toMatch(/did you mean "display_name"/);
    expect(errorsOf({ state: { $like: 'x' } })[0]?.path).toBe('event.run_filter.state.$like');
    expect(errorsOf({ $regex: 'x' })[0]?.message).toMatch(/applies to a field/);
    expect(errorsOf({ config: 1 })[0]?.message).toMatch(/config\.lr/);
    expect(errorsOf({ 'config..lr': 1 })[0]?.message).toMatch(/empty key/);
    expect(errorsOf({ state: { $and: [] } })[0]?.message).toMatch(/move it outside/);
  });

  it('refuses wrong operand types with the reason', () => {
    expect(errorsOf({ display_name: 5 })[0]).toEqual({
      path: 'event.run_filter.display_name',
      message: 'expects a string, not a number',
    });
    expect(errorsOf({ state: 'done' })[0]?.message).toMatch(/not a run state/);
    expect(errorsOf({ tags: { $gt: 'a' } })[0]?.message).toMatch(/cannot be ordered/);
    expect(errorsOf({ 'config.lr': { $gt: true } })[0]?.message).toBe(
      '$gt takes a number or a string, not true',
    );
    expect(errorsOf({ tags: { $in: 'gpu' } })[0]?.message).toBe('$in takes a list, not a string');
    expect(errorsOf({ tags: { $in: ['gpu', 3] } })[0]?.path).toBe('event.run_filter.tags.$in[1]');
    expect(errorsOf({ run_id: { $exists: 'yes' } })[0]?.message).toMatch(/true or false/);
    expect(errorsOf({ display_name: { $options: 'i' } })[0]?.message).toBe('$options needs $regex');
    expect(errorsOf({ display_name: { $regex: 'a', $options: 'x' } })[0]?.path).toBe(
      'event.run_filter.display_name.$options',
    );
    expect(errorsOf({ $or: [] })[0]?.message).toMatch(/at least one/);
    expect(errorsOf({ $and: {} })[0]?.message).toMatch(/list of filters/);
    expect(errorsOf([])[0]?.message).toMatch(/must be an object/);
    expect(errorsOf({ state: { $eq: 'running', other: 1 } })[0]?.message).toMatch(/mixes operators/);
  });

  it('reports every invalid part at once', () => {
    const errors = errorsOf({ $or: [{ state: 'bogus' }, { nope: 1 }] });
    expect(errors.map((e) => e.path)).toEqual([
      'event.run_filter.$or[0].state',
      'event.run_filter.$or[1].nope',
    ]);
  });

  it('uses the path it is given and quotes odd keys', () => {
    try {
      compileRunFilter({ 'bad key': 1 }, 'filter');
      expect.unreachable();
    } catch (error) {
      expect((error as BellwetherError).errors[0]?.path).toBe('filter["bad key"]');
    }
  });

  it('returns problems as values with paths relative to the filter when asked', () => {
    expect(checkRunFilter({ $and: [{ state: 'x' }] }, '').map((e) => e.path)).toEqual(['$and[0].state']);
    expect(checkRunFilter([], '')[0]?.path).toBe('');
    expect(checkRunFilter({ state: 'failed' })).toEqual([]);
  });

  it('refuses nesting deeper than 10 levels but accepts 10', () => {
    let ok: unknown = { state: 'running' };
    for (let i = 0; i < 10; i++) ok = { $and: [ok] };
    expect(matches(ok)).toBe(true);
    expect(errorsOf({ $not: ok })[0]?.message).toMatch(/deeper than 10/);
  });

  it('refuses filters of more than 200 nodes, even cyclic ones', () => {
    const items = Array.from({ length: 100 }, (_, i) => ({ run_id: `r${i}` }));
    expect(errorsOf({ $or: items })[0]?.message).toMatch(/more than 200/);
    const cyclic: Record<string, unknown> = {};
    cyclic.$and = [cyclic];
    expect(errorsOf(cyclic)[0]?.message).toMatch(/more than 200/);
  });

  it('either compiles any JSON value or throws validation_failed', () => {
    const filterish = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 2 }),
        fc.dictionary(tie('key') as fc.Arbitrary<string>, tie('node'), { maxKeys: 3 }),
        fc.array(tie('node'), { maxLength: 3 }),
      ),
      key: fc.constantFrom(
        '$and',
        '$or',
        '$not',
        '$eq',
        '$ne',
        '$gt',
        '$in',
        '$nin',
        '$exists',
        '$regex',
        '$options',
        '$contains',
        'display_name',
        'state',
        'tags',
        'user',
        'config.a',
        'config.a.0',
        'x',
      ),
    }));
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), filterish.node), (filter) => {
        try {
          const predicate = compileRunFilter(filter);
          expect(typeof predicate(run({ config: { a: [1, 'x', { b: null }] } }))).toBe('boolean');
        } catch (error) {
          expect(error).toBeInstanceOf(BellwetherError);
          expect((error as BellwetherError).code).toBe('validation_failed');
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('describeRunFilter', () => {
  it('reads a filter as short text', () => {
    expect(describeRunFilter({ $and: [{ display_name: { $regex: '^resnet' } }] })).toBe(
      'display_name matches /^resnet/',
    );
    expect(
      describeRunFilter({
        state: 'finished',
        $or: [{ tags: { $contains: 'gpu' } }, { 'config.lr': { $lt: 0.1, $exists: true } }],
      }),
    ).toBe('state = "finished" and (tags contains "gpu" or (config.lr < 0.1 and config.lr is set))');
    expect(describeRunFilter({})).toBe('all runs');
    expect(describeRunFilter({ $not: { user: { $in: ['a', 'b'] } } })).toBe('not (user in ["a","b"])');
  });

  it('refuses invalid filters like compileRunFilter', () => {
    expect(() => describeRunFilter({ nope: 1 })).toThrow(BellwetherError);
  });
});

import { compileRunFilter, type RunSnapshot } from '@bellwether/core';
import { TEST_DIALECTS } from '@bellwether/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

const STALLING = '.{999}'.repeat(64);

function runWithBlob(blob: string): RunSnapshot {
  return {
    id: 'r',
    teamId: 't',
    projectId: 'p',
    runId: 'r',
    displayName: 'r',
    userId: null,
    username: null,
    state: 'running',
    config: { blob },
    tags: [],
  };
}

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`issue 14 #2 regex cost on ${dialect}`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await startTestApp(dialect);
      expect((await t.request('POST', '/api/v1/teams/ml/projects', { body: { name: 'cifar' } })).status).toBe(
        201,
      );
    });
    afterEach(() => t.close());

    it('refuses at save, naming the field, a short pattern whose compiled program would stall matching', async () => {
      const res = await t.request('POST', '/api/v1/teams/ml/automations', {
        body: {
          name: 'stall',
          scope: { type: 'project', team: 'ml', project: 'cifar' },
          event: {
            type: 'RUN_STATE',
            states: ['failed'],
            run_filter: { 'config.blob': { $regex: STALLING } },
          },
          action: { type: 'NO_OP' },
        },
      });
      expect(res.status).toBe(422);
      expect(res.body.errors[0].path).toBe('event.run_filter.config.blob.$regex');
      expect(res.body.errors[0].message).toMatch(/instructions/);
      const alias = await t.request('POST', '/api/v1/teams/ml/automations', {
        body: {
          name: 'stall alias',
          scope: { type: 'project', team: 'ml', project: 'cifar' },
          event: { type: 'ADD_ARTIFACT_ALIAS', alias_regex: STALLING },
          action: { type: 'NO_OP' },
        },
      });
      expect(alias.status).toBe(422);
      expect(alias.body.errors[0].path).toBe('event.alias_regex');
    });

    it('matches the largest accepted patterns against a 100,000-character value in under 100 ms', async () => {
      const accepted = ['.{490}', '.{250}.{240}', '(?:.{49}){9}', '(a|b|c){120}'];
      for (const pattern of accepted) {
        const res = await t.request('POST', '/api/v1/teams/ml/automations/validate', {
          body: {
            name: 'ok',
            scope: { type: 'project', team: 'ml', project: 'cifar' },
            event: {
              type: 'RUN_STATE',
              states: ['failed'],
              run_filter: { 'config.blob': { $regex: pattern } },
            },
            action: { type: 'NO_OP' },
          },
        });
        expect(res.status, `${pattern}: ${JSON.stringify(res.body)}`).toBe(200);
        const predicate = compileRunFilter({ 'config.blob': { $regex: `${pattern}$` } });
        const run = runWithBlob('ab'.repeat(50_000));
        const started = performance.now();
        predicate(run);
        expect(performance.now() - started, pattern).toBeLessThan(100);
      }
    });
  });
}

import type { AutomationInput } from '@bellwether/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../testing/test-storage.js';
import {
  type Automation,
  deleteAutomation,
  findAutomation,
  insertAutomation,
  listAutomations,
  listCandidateAutomations,
  readAutomationsVersion,
  setLastExecutionAt,
  updateAutomation,
} from './automation-repository.js';
import { loadRunStates, saveRunStates } from './automation-state-repository.js';
import { insertExecutions, listExecutions } from './execution-repository.js';

const definition = (name: string): AutomationInput =>
  ({
    name,
    description: '',
    enabled: true,
    scope: { type: 'project', team: 'ml', project: 'cifar' },
    event: { type: 'RUN_STATE', states: ['failed'], cooldown_seconds: 0, rate_limit_per_minute: 60 },
    action: { type: 'NO_OP' },
  }) as AutomationInput;

function automation(id: string, name: string, over: Partial<Automation> = {}): Automation {
  return {
    id,
    teamId: 'team_1',
    name,
    description: '',
    enabled: true,
    scopeType: 'project',
    scopeKey: 'project:prj_1',
    eventType: 'RUN_STATE',
    definition: definition(name),
    createdBy: null,
    createdAt: 1,
    updatedAt: 1,
    lastExecutionAt: null,
    ...over,
  };
}

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`automations on ${dialect}`, () => {
    let storage: TestStorage;
    beforeEach(async () => {
      storage = await openTestStorage(dialect);
    });
    afterEach(async () => storage.dispose());

    it('inserts, finds, renames and deletes, refusing a second name in one team', async () => {
      expect(await insertAutomation(storage.db, automation('aut_1', 'a'))).toBe(true);
      expect(await insertAutomation(storage.db, automation('aut_2', 'a'))).toBe(false);
      expect(await insertAutomation(storage.db, automation('aut_3', 'a', { teamId: 'team_2' }))).toBe(true);
      expect(await insertAutomation(storage.db, automation('aut_4', 'b'))).toBe(true);
      expect(await updateAutomation(storage.db, automation('aut_4', 'a'))).toBe(false);
      expect(await updateAutomation(storage.db, automation('aut_4', 'c', { updatedAt: 5 }))).toBe(true);
      expect(await findAutomation(storage.db, 'aut_4')).toMatchObject({
        name: 'c',
        updatedAt: 5,
        enabled: true,
      });
      await saveRunStates(storage.db, 'team_1', 'run_1', new Map([['aut_4', { armed: false }]]), 1);
      expect(await deleteAutomation(storage.db, 'aut_4')).toBe(true);
      expect(await findAutomation(storage.db, 'aut_4')).toBeUndefined();
      expect((await loadRunStates(storage.db, ['aut_4'], 'run_1')).size).toBe(0);
      expect(await deleteAutomation(storage.db, 'aut_4')).toBe(false);
    });

    it("keeps a deleted automation's name for the history it leaves behind", async () => {
      await insertAutomation(storage.db, automation('aut_1', 'loss alert'));
      await insertExecutions(storage.db, [
        {
          id: 'exe_1',
          teamId: 'team_1',
          automationId: 'aut_1',
          status: 'finished',
          eventType: 'RUN_STATE',
          event: { event_type: 'RUN_STATE' },
          reason: 'run r1 is failed',
          runPk: 'run_1',
          artifactVersionId: null,
          registryLinkId: null,
          projectId: 'prj_1',
          registryId: null,
          createdAt: 1,
          finishedAt: 2,
        },
      ]);
      expect(await deleteAutomation(storage.db, 'aut_1', 10)).toBe(true);
      const [kept] = await listExecutions(storage.db, { runPk: 'run_1' }, { limit: 10 });
      expect(kept).toMatchObject({ id: 'exe_1', automationId: 'aut_1', automationName: 'loss alert' });
      // A new automation may take the name; the old history still names the old one.
      await insertAutomation(storage.db, automation('aut_2', 'loss alert'));
      expect((await listExecutions(storage.db, { automationId: 'aut_2' }, { limit: 10 })).length).toBe(0);
    });

    it('changes the automations version with every insert, update and delete, and only then', async () => {
      expect(await readAutomationsVersion(storage.db)).toBeUndefined();
      const seen = new Set<string | undefined>();
      const step = async (write: () => Promise<unknown>, changes: boolean) => {
        const before = await readAutomationsVersion(storage.db);
        await write();
        const after = await readAutomationsVersion(storage.db);
        expect(after !== before, String(write)).toBe(changes);
        if (changes) {
          expect(seen.has(after)).toBe(false);
          seen.add(after);
        }
      };
      await step(() => insertAutomation(storage.db, automation('aut_1', 'a')), true);
      await step(() => insertAutomation(storage.db, automation('aut_2', 'a')), false);
      await step(() => updateAutomation(storage.db, automation('aut_1', 'b', { enabled: false })), true);
      await step(() => setLastExecutionAt(storage.db, ['aut_1'], 9), false);
      await step(() => storage.db.transaction().execute((trx) => deleteAutomation(trx, 'aut_1')), true);
      await step(() => deleteAutomation(storage.db, 'aut_1'), false);
      await expect(
        storage.db.transaction().execute(async (trx) => {
          await insertAutomation(trx, automation('aut_3', 'c'));
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');
      expect(seen.has(await readAutomationsVersion(storage.db))).toBe(true);
    });

    it('finds enabled candidates by scope key and event type only', async () => {
      await insertAutomation(storage.db, automation('aut_1', 'project'));
      await insertAutomation(
        storage.db,
        automation('aut_2', 'team', { scopeKey: 'team:team_1', updatedAt: 7 }),
      );
      await insertAutomation(storage.db, automation('aut_3', 'off', { enabled: false }));
      await insertAutomation(storage.db, automation('aut_4', 'other', { scopeKey: 'project:prj_2' }));
      await insertAutomation(storage.db, automation('aut_5', 'metric', { eventType: 'RUN_METRIC_ZSCORE' }));
      expect(
        await listCandidateAutomations(storage.db, ['project:prj_1', 'team:team_1'], ['RUN_STATE']),
      ).toEqual([
        { id: 'aut_1', updatedAt: 1 },
        { id: 'aut_2', updatedAt: 7 },
      ]);
      expect(await listCandidateAutomations(storage.db, [], ['RUN_STATE'])).toEqual([]);
    });

    it('lists by name or by latest firing with never-fired ones last, and searches names', async () => {
      for (const [id, name] of [
        ['aut_1', 'alpha'],
        ['aut_2', 'beta'],
        ['aut_3', 'gamma_50%'],
      ] as const) {
        await insertAutomation(storage.db, automation(id, name));
      }
      await setLastExecutionAt(storage.db, ['aut_2'], 10);
      await setLastExecutionAt(storage.db, ['aut_3'], 5);
      const names = (list: Automation[]) => list.map((a) => a.name);
      expect(names(await listAutomations(storage.db, 'team_1'))).toEqual(['alpha', 'beta', 'gamma_50%']);
      expect(names(await listAutomations(storage.db, 'team_1', { sort: 'last_execution' }))).toEqual([
        'beta',
        'gamma_50%',
        'alpha',
      ]);
      expect(names(await listAutomations(storage.db, 'team_1', { search: '50%' }))).toEqual(['gamma_50%']);
      expect(names(await listAutomations(storage.db, 'team_1', { scopeType: 'team' }))).toEqual([]);
    });
  });
}

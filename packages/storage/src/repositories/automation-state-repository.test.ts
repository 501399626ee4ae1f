import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../testing/test-storage.js';
import {
  loadRateStates,
  loadRunStatePack,
  loadRunStates,
  readRunStatePackHead,
  saveRateStates,
  saveRunStatePack,
  saveRunStates,
} from './automation-state-repository.js';

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`automation condition state on ${dialect}`, () => {
    let storage: TestStorage;
    beforeEach(async () => {
      storage = await openTestStorage(dialect);
    });
    afterEach(async () => storage.dispose());

    it('saves many run states in one upsert and loads them back per run', async () => {
      const states = new Map<string, unknown>();
      for (let i = 0; i < 2500; i++) states.set(`aut_${i}`, { armed: i % 2 === 0, lastFiredAt: null });
      await saveRunStates(storage.db, 'team_1', 'run_1', states, 1);
      await saveRunStates(storage.db, 'team_1', 'run_1', new Map([['aut_1', { armed: true, n: [1, 2] }]]), 2);
      const loaded = await loadRunStates(storage.db, [...states.keys(), 'aut_missing'], 'run_1');
      expect(loaded.size).toBe(2500);
      expect(loaded.get('aut_1')).toEqual({ armed: true, n: [1, 2] });
      expect(loaded.get('aut_2')).toEqual({ armed: true, lastFiredAt: null });
      expect((await loadRunStates(storage.db, ['aut_1'], 'run_2')).size).toBe(0);
    });

    it('keeps one packed state row per run, replaced by each save, with its head readable alone', async () => {
      expect(await loadRunStatePack(storage.db, 'run_1')).toBeUndefined();
      expect(await readRunStatePackHead(storage.db, 'run_1', 5)).toBeUndefined();
      await saveRunStatePack(storage.db, 'team_1', 'run_1', '{"t":"first","e":[]}', 1);
      await saveRunStatePack(storage.db, 'team_1', 'run_2', '{"t":"other"}', 1);
      await storage.db.transaction().execute(async (trx) => {
        await saveRunStatePack(trx, 'team_1', 'run_1', '{"t":"second","e":[1]}', 2);
        expect(await readRunStatePackHead(trx, 'run_1', 8)).toBe('{"t":"se');
      });
      expect(await loadRunStatePack(storage.db, 'run_1')).toBe('{"t":"second","e":[1]}');
      expect(await readRunStatePackHead(storage.db, 'run_2', 100)).toBe('{"t":"other"}');
      await expect(
        storage.db.transaction().execute(async (trx) => {
          await saveRunStatePack(trx, 'team_1', 'run_1', '{"t":"rolled back"}', 3);
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');
      expect(await readRunStatePackHead(storage.db, 'run_1', 8)).toBe('{"t":"se');
    });

    it('upserts rate counters', async () => {
      await saveRateStates(storage.db, new Map([['aut_1', { teamId: 't', minute: 5, count: 1 }]]));
      await saveRateStates(
        storage.db,
        new Map([
          ['aut_1', { teamId: 't', minute: 5, count: 2 }],
          ['aut_2', { teamId: 't', minute: 6, count: 1 }],
        ]),
      );
      const loaded = await loadRateStates(storage.db, ['aut_1', 'aut_2', 'aut_3']);
      expect(Object.fromEntries(loaded)).toEqual({
        aut_1: { minute: 5, count: 2 },
        aut_2: { minute: 6, count: 1 },
      });
    });
  });
}

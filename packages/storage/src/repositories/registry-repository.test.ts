import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../testing/test-storage.js';
import {
  findRegistry,
  findRegistryById,
  insertRegistry,
  listRegistries,
  updateRegistry,
} from './registry-repository.js';

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`registries on ${dialect}`, () => {
    let storage: TestStorage;
    beforeEach(async () => {
      storage = await openTestStorage(dialect);
    });
    afterEach(async () => storage.dispose());

    const registry = (id: string, name: string, orgId = 'org_1') => ({
      id,
      orgId,
      name,
      description: `${name} registry`,
      createdAt: 7,
    });

    it('inserts registries, refuses a second of the same name in the organization, and lists by name', async () => {
      expect(await insertRegistry(storage.db, registry('reg_1', 'model'))).toEqual(
        registry('reg_1', 'model'),
      );
      expect(await insertRegistry(storage.db, registry('reg_2', 'model'))).toBeUndefined();
      await insertRegistry(storage.db, registry('reg_3', 'dataset'));
      await insertRegistry(storage.db, registry('reg_4', 'model', 'org_2'));
      expect((await listRegistries(storage.db, 'org_1')).map((r) => r.id)).toEqual(['reg_3', 'reg_1']);
    });

    it('finds a registry by name or id and updates its description', async () => {
      await insertRegistry(storage.db, registry('reg_1', 'model'));
      await updateRegistry(storage.db, 'reg_1', { description: 'production models' });
      expect((await findRegistry(storage.db, 'org_1', 'model'))?.description).toBe('production models');
      expect((await findRegistryById(storage.db, 'reg_1'))?.name).toBe('model');
      expect(await findRegistry(storage.db, 'org_2', 'model')).toBeUndefined();
    });
  });
}

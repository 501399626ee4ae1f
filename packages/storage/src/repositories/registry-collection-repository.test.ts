import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../testing/test-storage.js';
import {
  findRegistryCollection,
  findRegistryCollectionById,
  insertRegistryCollection,
  listRegistryCollections,
  takeRegistryLinkIndex,
} from './registry-collection-repository.js';

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`registry collections on ${dialect}`, () => {
    let storage: TestStorage;
    beforeEach(async () => {
      storage = await openTestStorage(dialect);
    });
    afterEach(async () => storage.dispose());

    const collection = (id: string, name: string, type = 'model', registryId = 'reg_1') => ({
      id,
      orgId: 'org_1',
      registryId,
      name,
      type,
      description: '',
      tags: ['prod'],
      createdAt: 3,
    });

    it('inserts, refuses a duplicate name in the registry, finds and lists by name and type', async () => {
      const created = await insertRegistryCollection(storage.db, collection('rcol_1', 'resnet'));
      expect(created?.nextIndex).toBe(0);
      expect(await insertRegistryCollection(storage.db, collection('rcol_2', 'resnet'))).toBeUndefined();
      await insertRegistryCollection(storage.db, collection('rcol_3', 'imagenet', 'dataset'));
      await insertRegistryCollection(storage.db, collection('rcol_4', 'bert', 'model', 'reg_2'));
      expect(await findRegistryCollection(storage.db, 'reg_1', 'resnet')).toEqual(created);
      expect((await findRegistryCollectionById(storage.db, 'rcol_3'))?.tags).toEqual(['prod']);
      expect((await listRegistryCollections(storage.db, 'reg_1')).map((c) => c.name)).toEqual([
        'imagenet',
        'resnet',
      ]);
      expect(
        (await listRegistryCollections(storage.db, 'reg_1', { type: 'model' })).map((c) => c.id),
      ).toEqual(['rcol_1']);
    });

    it('hands out link indexes in order and nothing for a missing collection', async () => {
      await insertRegistryCollection(storage.db, collection('rcol_1', 'resnet'));
      expect(await takeRegistryLinkIndex(storage.db, 'rcol_1')).toBe(0);
      expect(await takeRegistryLinkIndex(storage.db, 'rcol_1')).toBe(1);
      expect(await takeRegistryLinkIndex(storage.db, 'rcol_9')).toBeUndefined();
    });
  });
}

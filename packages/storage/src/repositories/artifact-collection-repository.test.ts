import { newId } from '@bellwether/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../testing/test-storage.js';
import {
  findArtifactCollection,
  findArtifactCollectionById,
  insertArtifactCollection,
  listArtifactCollections,
} from './artifact-collection-repository.js';

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`artifact collections on ${dialect}`, () => {
    let storage: TestStorage;
    beforeEach(async () => {
      storage = await openTestStorage(dialect);
    });
    afterEach(async () => storage.dispose());

    const collection = (name: string, type = 'model') => ({
      id: newId('col'),
      teamId: 'team_1',
      projectId: 'prj_1',
      name,
      type,
      description: `${name} weights`,
      tags: ['vision'],
      createdAt: 1000,
    });

    it('inserts a collection and finds it by project and name with its tags', async () => {
      const created = await insertArtifactCollection(storage.db, collection('resnet'));
      expect(created?.nextIndex).toBe(0);
      const found = await findArtifactCollection(storage.db, 'prj_1', 'resnet');
      expect(found).toEqual(created);
      expect(await findArtifactCollectionById(storage.db, created?.id ?? '')).toEqual(created);
      expect(await findArtifactCollection(storage.db, 'prj_2', 'resnet')).toBeUndefined();
    });

    it('returns undefined instead of failing when the name is taken in the project', async () => {
      await insertArtifactCollection(storage.db, collection('resnet'));
      expect(await insertArtifactCollection(storage.db, collection('resnet', 'dataset'))).toBeUndefined();
      expect(
        await insertArtifactCollection(storage.db, { ...collection('resnet'), projectId: 'prj_2' }),
      ).toBeDefined();
    });

    it('lists a project’s collections by name, optionally of one type', async () => {
      await insertArtifactCollection(storage.db, collection('vit'));
      await insertArtifactCollection(storage.db, collection('imagenet', 'dataset'));
      await insertArtifactCollection(storage.db, collection('bert'));
      const all = await listArtifactCollections(storage.db, 'prj_1');
      expect(all.map((c) => c.name)).toEqual(['bert', 'imagenet', 'vit']);
      const models = await listArtifactCollections(storage.db, 'prj_1', { type: 'model' });
      expect(models.map((c) => c.name)).toEqual(['bert', 'vit']);
    });
  });
}

import { newId } from '@bellwether/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../testing/test-storage.js';
import {
  deleteArtifactAlias,
  findArtifactAliasHolder,
  listArtifactAliases,
  putArtifactAlias,
} from './artifact-alias-repository.js';
import { insertArtifactCollection } from './artifact-collection-repository.js';
import { type ArtifactVersion, createArtifactVersion } from './artifact-version-repository.js';

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`artifact aliases on ${dialect}`, () => {
    let storage: TestStorage;
    let v0: ArtifactVersion;
    let v1: ArtifactVersion;
    const collectionId = 'col_1';
    const put = (alias: string, versionId: string) =>
      putArtifactAlias(storage.db, { teamId: 'team_1', collectionId, alias, versionId, now: 5 });

    beforeEach(async () => {
      storage = await openTestStorage(dialect);
      await insertArtifactCollection(storage.db, {
        id: collectionId,
        teamId: 'team_1',
        projectId: 'prj_1',
        name: 'resnet',
        type: 'model',
        description: '',
        tags: [],
        createdAt: 0,
      });
      const create = async (at: number) =>
        (
          await createArtifactVersion(storage.db, {
            id: newId('ver', at),
            teamId: 'team_1',
            collectionId,
            digest: 'd',
            metadata: {},
            description: '',
            runPk: null,
            createdBy: null,
            manifest: [],
            tags: [],
            createdAt: at,
          })
        ).version;
      v0 = await create(1);
      v1 = await create(2);
    });
    afterEach(async () => storage.dispose());

    it('adds a new alias, then moves it and names the version it left', async () => {
      expect(await put('production', v0.id)).toEqual({ status: 'added' });
      expect(await put('production', v1.id)).toEqual({ status: 'moved', fromId: v0.id, fromIndex: 0 });
      expect(await findArtifactAliasHolder(storage.db, collectionId, 'production')).toBe(v1.id);
    });

    it('reports putting an alias the version already has as unchanged', async () => {
      await put('production', v0.id);
      expect(await put('production', v0.id)).toEqual({ status: 'unchanged' });
      expect(await put('latest', v1.id)).toEqual({ status: 'unchanged' });
    });

    it('deletes an alias only from the version that holds it', async () => {
      await put('production', v0.id);
      expect(
        await deleteArtifactAlias(storage.db, { collectionId, alias: 'production', versionId: v1.id }),
      ).toBe(false);
      expect(
        await deleteArtifactAlias(storage.db, { collectionId, alias: 'production', versionId: v0.id }),
      ).toBe(true);
      expect(await findArtifactAliasHolder(storage.db, collectionId, 'production')).toBeUndefined();
    });

    it('lists the aliases of several versions, sorted, with [] for none', async () => {
      await put('staging', v1.id);
      await put('Best', v1.id);
      const aliases = await listArtifactAliases(storage.db, [v0.id, v1.id]);
      expect(aliases.get(v0.id)).toEqual([]);
      expect(aliases.get(v1.id)).toEqual(['Best', 'latest', 'staging']);
    });
  });
}

import { newId } from '@bellwether/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../testing/test-storage.js';
import { insertArtifactCollection } from './artifact-collection-repository.js';
import {
  addArtifactVersionTag,
  createArtifactVersion,
  findArtifactVersion,
  findArtifactVersionById,
  listArtifactVersions,
  removeArtifactVersionTag,
} from './artifact-version-repository.js';

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`artifact versions on ${dialect}`, () => {
    let storage: TestStorage;
    const collectionId = 'col_1';
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
    });
    afterEach(async () => storage.dispose());

    const version = (at: number) => ({
      id: newId('ver', at),
      teamId: 'team_1',
      collectionId,
      digest: `sha256:${at}`,
      metadata: { accuracy: at / 10 },
      description: '',
      runPk: 'run_1',
      createdBy: 'usr_1',
      manifest: [{ path: 'model.pt', digest: `sha256:${at}`, size: 1024, uri: `s3://bucket/${at}/model.pt` }],
      tags: [],
      createdAt: at,
    });

    it('gives new versions increasing indexes and moves latest to the newest', async () => {
      const first = await createArtifactVersion(storage.db, version(1));
      const second = await createArtifactVersion(storage.db, version(2));
      expect(first.version.index).toBe(0);
      expect(first.latest).toEqual({ status: 'added' });
      expect(second.version.index).toBe(1);
      expect(second.version.aliases).toEqual(['latest']);
      expect(second.latest).toEqual({ status: 'moved', fromId: first.version.id, fromIndex: 0 });
      const listed = await listArtifactVersions(storage.db, collectionId);
      expect(listed.map((v) => [v.index, v.aliases])).toEqual([
        [1, ['latest']],
        [0, []],
      ]);
    });

    it('finds a version by vN and by alias, with its stored fields', async () => {
      const { version: v0 } = await createArtifactVersion(storage.db, version(1));
      await createArtifactVersion(storage.db, version(2));
      const byIndex = await findArtifactVersion(storage.db, collectionId, 'v0');
      expect(byIndex).toEqual({ ...v0, aliases: [] });
      expect(byIndex?.manifest[0]?.uri).toBe('s3://bucket/1/model.pt');
      const byAlias = await findArtifactVersion(storage.db, collectionId, 'latest');
      expect(byAlias?.index).toBe(1);
      expect(await findArtifactVersion(storage.db, collectionId, 'v2')).toBeUndefined();
      expect(await findArtifactVersion(storage.db, collectionId, 'production')).toBeUndefined();
      expect((await findArtifactVersionById(storage.db, v0.id))?.metadata).toEqual({ accuracy: 0.1 });
    });

    it('pages versions newest first', async () => {
      for (let at = 1; at <= 4; at++) await createArtifactVersion(storage.db, version(at));
      const page = await listArtifactVersions(storage.db, collectionId, { limit: 2, beforeIndex: 3 });
      expect(page.map((v) => v.index)).toEqual([2, 1]);
    });

    it('adds a tag once, reports the repeat as unchanged, and removes it', async () => {
      const { version: v } = await createArtifactVersion(storage.db, version(1));
      expect(await addArtifactVersionTag(storage.db, v.id, 'candidate')).toEqual({
        changed: true,
        tags: ['candidate'],
      });
      expect(await addArtifactVersionTag(storage.db, v.id, 'candidate')).toEqual({
        changed: false,
        tags: ['candidate'],
      });
      expect((await removeArtifactVersionTag(storage.db, v.id, 'missing')).changed).toBe(false);
      expect(await removeArtifactVersionTag(storage.db, v.id, 'candidate')).toEqual({
        changed: true,
        tags: [],
      });
      expect((await findArtifactVersionById(storage.db, v.id))?.tags).toEqual([]);
    });

    it('gives ten concurrent creators, each in its own transaction, indexes 0 to 9', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          storage.db.transaction().execute((trx) => createArtifactVersion(trx, version(i + 1))),
        ),
      );
      expect(results.map((r) => r.version.index).sort((a, b) => a - b)).toEqual([
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
      ]);
      const latest = await findArtifactVersion(storage.db, collectionId, 'latest');
      expect(latest?.index).toBe(9);
      const aliasRows = await storage.db.selectFrom('artifact_aliases').selectAll().execute();
      expect(aliasRows).toHaveLength(1);
    });
  });
}

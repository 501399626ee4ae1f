import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../testing/test-storage.js';
import { insertArtifactCollection } from './artifact-collection-repository.js';
import { createArtifactVersion } from './artifact-version-repository.js';
import { insertProject } from './project-repository.js';
import { insertTeam } from './team-repository.js';
import {
  buildArtifactVersionSnapshot,
  findArtifactVersionAddresses,
  findArtifactVersionByPath,
} from './version-snapshot-repository.js';

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`artifact version snapshots on ${dialect}`, () => {
    let storage: TestStorage;
    beforeEach(async () => {
      storage = await openTestStorage(dialect);
      await insertTeam(storage.db, { id: 'team_1', orgId: 'org_1', name: 'ml', createdAt: 0 });
      await insertProject(storage.db, {
        id: 'prj_1',
        teamId: 'team_1',
        name: 'cifar',
        description: '',
        createdAt: 0,
        updatedAt: 0,
      });
      await insertArtifactCollection(storage.db, {
        id: 'col_1',
        teamId: 'team_1',
        projectId: 'prj_1',
        name: 'resnet',
        type: 'model',
        description: '',
        tags: [],
        createdAt: 0,
      });
      for (const id of ['ver_a', 'ver_b']) {
        await createArtifactVersion(storage.db, {
          id,
          teamId: 'team_1',
          collectionId: 'col_1',
          digest: 'd',
          metadata: { source: id },
          description: '',
          runPk: null,
          createdBy: null,
          manifest: [],
          tags: [],
          createdAt: 1,
        });
      }
    });
    afterEach(async () => storage.dispose());

    it('describes a version with its collection, index, metadata and team/project/collection:vN', async () => {
      expect(await buildArtifactVersionSnapshot(storage.db, 'ver_b')).toEqual({
        versionId: 'ver_b',
        collectionId: 'col_1',
        collectionName: 'resnet',
        collectionType: 'model',
        index: 1,
        metadata: { source: 'ver_b' },
        artifactPath: 'ml/cifar/resnet:v1',
      });
      expect(await buildArtifactVersionSnapshot(storage.db, 'ver_x')).toBeUndefined();
    });

    it('resolves the addresses of several versions at once', async () => {
      const addresses = await findArtifactVersionAddresses(storage.db, ['ver_a', 'ver_b', 'ver_x']);
      expect(addresses.get('ver_a')).toMatchObject({
        teamName: 'ml',
        projectName: 'cifar',
        path: 'ml/cifar/resnet:v0',
      });
      expect(addresses.has('ver_x')).toBe(false);
    });

    it('finds a version by team/project/collection and vN or alias', async () => {
      expect((await findArtifactVersionByPath(storage.db, 'ml/cifar/resnet:v0'))?.id).toBe('ver_a');
      expect((await findArtifactVersionByPath(storage.db, 'ml/cifar/resnet:latest'))?.id).toBe('ver_b');
      expect(await findArtifactVersionByPath(storage.db, 'ml/other/resnet:v0')).toBeUndefined();
      expect(await findArtifactVersionByPath(storage.db, 'ml/cifar/resnet')).toBeUndefined();
    });
  });
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../testing/test-storage.js';
import { insertArtifactCollection } from './artifact-collection-repository.js';
import { createArtifactVersion } from './artifact-version-repository.js';
import { insertProject } from './project-repository.js';
import { deleteRegistryAlias, putRegistryAlias } from './registry-alias-repository.js';
import { insertRegistryCollection } from './registry-collection-repository.js';
import {
  addRegistryLinkTag,
  findRegistryLink,
  findRegistryLinkById,
  linkArtifactVersion,
  listRegistryLinks,
  listRegistryLinksOfVersion,
  removeRegistryLinkTag,
  unlinkRegistryVersion,
} from './registry-link-repository.js';
import { insertTeam } from './team-repository.js';
import { buildRegistryLinkSnapshot } from './version-snapshot-repository.js';

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`registry links on ${dialect}`, () => {
    let storage: TestStorage;
    const rcol = 'rcol_1';
    const link = (id: string, artifactVersionId: string) =>
      linkArtifactVersion(storage.db, {
        id,
        orgId: 'org_1',
        collectionId: rcol,
        artifactVersionId,
        createdBy: 'usr_1',
        now: 9,
      });

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
      for (const id of ['ver_a', 'ver_b', 'ver_c']) {
        await createArtifactVersion(storage.db, {
          id,
          teamId: 'team_1',
          collectionId: 'col_1',
          digest: 'd',
          metadata: { from: id },
          description: '',
          runPk: null,
          createdBy: null,
          manifest: [],
          tags: [],
          createdAt: 1,
        });
      }
      await insertRegistryCollection(storage.db, {
        id: rcol,
        orgId: 'org_1',
        registryId: 'reg_1',
        name: 'classifiers',
        type: 'model',
        description: '',
        tags: [],
        createdAt: 0,
      });
    });
    afterEach(async () => storage.dispose());

    it('gives each new link the next index and moves latest to it', async () => {
      const first = await link('lnk_1', 'ver_c');
      const second = await link('lnk_2', 'ver_a');
      expect(first).toMatchObject({
        status: 'linked',
        link: { index: 0, aliases: ['latest'] },
        latest: { status: 'added' },
      });
      expect(second).toMatchObject({
        status: 'linked',
        link: { index: 1, aliases: ['latest'], artifact: { path: 'ml/cifar/resnet:v0' } },
        latest: { status: 'moved', fromId: 'lnk_1', fromIndex: 0 },
      });
      expect((await findRegistryLink(storage.db, rcol, 'latest'))?.id).toBe('lnk_2');
    });

    it('returns the existing link when a version is linked twice, without a new index', async () => {
      await link('lnk_1', 'ver_a');
      await link('lnk_2', 'ver_b');
      const again = await link('lnk_3', 'ver_a');
      expect(again.status).toBe('existing');
      expect(again.link).toMatchObject({ id: 'lnk_1', index: 0, aliases: [] });
      expect((await link('lnk_4', 'ver_c')).link.index).toBe(2);
      expect(await findRegistryLinkById(storage.db, 'lnk_3')).toBeUndefined();
    });

    it('finds links by vN or alias and lists them newest first with their artifact paths', async () => {
      await link('lnk_1', 'ver_b');
      await link('lnk_2', 'ver_c');
      await putRegistryAlias(storage.db, {
        orgId: 'org_1',
        collectionId: rcol,
        alias: 'production',
        linkId: 'lnk_1',
        now: 10,
      });
      expect((await findRegistryLink(storage.db, rcol, 'v1'))?.artifactVersionId).toBe('ver_c');
      expect((await findRegistryLink(storage.db, rcol, 'production'))?.index).toBe(0);
      expect(await findRegistryLink(storage.db, rcol, 'v7')).toBeUndefined();
      const links = await listRegistryLinks(storage.db, rcol);
      expect(links.map((l) => [l.index, l.aliases, l.artifact.path])).toEqual([
        [1, ['latest'], 'ml/cifar/resnet:v2'],
        [0, ['production'], 'ml/cifar/resnet:v1'],
      ]);
      expect((await listRegistryLinksOfVersion(storage.db, 'ver_b')).map((l) => l.id)).toEqual(['lnk_1']);
    });

    it('moves registry aliases, reports the previous link, and treats a repeat as unchanged', async () => {
      await link('lnk_1', 'ver_a');
      await link('lnk_2', 'ver_b');
      const put = (linkId: string) =>
        putRegistryAlias(storage.db, {
          orgId: 'org_1',
          collectionId: rcol,
          alias: 'production',
          linkId,
          now: 10,
        });
      expect(await put('lnk_1')).toEqual({ status: 'added' });
      expect(await put('lnk_2')).toEqual({ status: 'moved', fromId: 'lnk_1', fromIndex: 0 });
      expect(await put('lnk_2')).toEqual({ status: 'unchanged' });
      expect(
        await deleteRegistryAlias(storage.db, { collectionId: rcol, alias: 'production', linkId: 'lnk_1' }),
      ).toBe(false);
      expect(
        await deleteRegistryAlias(storage.db, { collectionId: rcol, alias: 'production', linkId: 'lnk_2' }),
      ).toBe(true);
    });

    it('unlinks by alias, deleting the link and its aliases, and returns its snapshot', async () => {
      await link('lnk_1', 'ver_a');
      await link('lnk_2', 'ver_b');
      await putRegistryAlias(storage.db, {
        orgId: 'org_1',
        collectionId: rcol,
        alias: 'production',
        linkId: 'lnk_2',
        now: 10,
      });
      const unlinked = await unlinkRegistryVersion(storage.db, rcol, 'production');
      expect(unlinked?.link.aliases).toEqual(['latest', 'production']);
      expect(unlinked?.snapshot).toMatchObject({
        versionId: 'ver_b',
        index: 1,
        artifactPath: 'ml/cifar/resnet:v1',
      });
      expect(await findRegistryLink(storage.db, rcol, 'v1')).toBeUndefined();
      expect(await findRegistryLink(storage.db, rcol, 'latest')).toBeUndefined();
      const aliasRows = await storage.db.selectFrom('registry_aliases').selectAll().execute();
      expect(aliasRows).toEqual([]);
      expect(await unlinkRegistryVersion(storage.db, rcol, 'v1')).toBeUndefined();
    });

    it('describes a link with the registry collection, its index there and the artifact’s path', async () => {
      await link('lnk_1', 'ver_c');
      expect(await buildRegistryLinkSnapshot(storage.db, 'lnk_1')).toEqual({
        versionId: 'ver_c',
        collectionId: rcol,
        collectionName: 'classifiers',
        collectionType: 'model',
        index: 0,
        metadata: { from: 'ver_c' },
        artifactPath: 'ml/cifar/resnet:v2',
      });
      expect(await buildRegistryLinkSnapshot(storage.db, 'lnk_9')).toBeUndefined();
    });

    it('adds a tag to a link once and removes it', async () => {
      await link('lnk_1', 'ver_a');
      expect(await addRegistryLinkTag(storage.db, 'lnk_1', 'approved')).toEqual({
        changed: true,
        tags: ['approved'],
      });
      expect((await addRegistryLinkTag(storage.db, 'lnk_1', 'approved')).changed).toBe(false);
      expect((await findRegistryLinkById(storage.db, 'lnk_1'))?.tags).toEqual(['approved']);
      expect(await removeRegistryLinkTag(storage.db, 'lnk_1', 'approved')).toEqual({
        changed: true,
        tags: [],
      });
      expect((await removeRegistryLinkTag(storage.db, 'lnk_1', 'approved')).changed).toBe(false);
    });

    it('refuses to link a version that does not exist, without using an index', async () => {
      await expect(link('lnk_1', 'ver_x')).rejects.toMatchObject({ code: 'not_found' });
      expect((await link('lnk_2', 'ver_a')).link.index).toBe(0);
    });

    it('makes one link when the same version is linked concurrently', async () => {
      const outcomes = await Promise.all(
        ['lnk_1', 'lnk_2', 'lnk_3', 'lnk_4'].map((id) =>
          storage.db.transaction().execute((trx) =>
            linkArtifactVersion(trx, {
              id,
              orgId: 'org_1',
              collectionId: rcol,
              artifactVersionId: 'ver_a',
              createdBy: null,
              now: 9,
            }),
          ),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'linked')).toHaveLength(1);
      expect(await listRegistryLinks(storage.db, rcol)).toHaveLength(1);
    });
  });
}

import { TEST_DIALECTS } from '@bellwether/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

const P = '/api/v1/teams/ml/projects/cifar';
const A = `${P}/artifacts`;
const V = `${A}/resnet/versions`;

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`artifact API on ${dialect}`, () => {
    let t: TestApp;
    /** The events emitted since the last call, as type/alias/tag/index tuples. */
    const taken = () =>
      t.events.splice(0).map((e) => {
        if (e.type === 'artifact_alias_added') return `${e.type} ${e.alias} v${e.version.index}`;
        if (e.type === 'artifact_tag_added' || e.type === 'artifact_tag_removed')
          return `${e.type} ${e.tag} v${e.version.index}`;
        if (e.type === 'artifact_created') return `${e.type} v${e.version.index}`;
        return e.type;
      });

    beforeEach(async () => {
      t = await startTestApp(dialect);
      expect((await t.request('POST', '/api/v1/teams/ml/projects', { body: { name: 'cifar' } })).status).toBe(
        201,
      );
      expect(
        (await t.request('POST', A, { body: { name: 'resnet', type: 'model', tags: ['cv'] } })).status,
      ).toBe(201);
      t.events.length = 0;
    });
    afterEach(async () => t.close());

    it('creates, lists and reads collections, refusing duplicates and bad fields', async () => {
      const data = await t.request('POST', A, { body: { name: 'cifar10', type: 'dataset' } });
      expect(data.status).toBe(201);
      expect(data.body).toMatchObject({ name: 'cifar10', type: 'dataset', description: '', tags: [] });
      const list = await t.request('GET', A);
      expect(list.body.collections.map((c: { name: string }) => c.name)).toEqual(['cifar10', 'resnet']);
      const models = await t.request('GET', `${A}?type=model`);
      expect(models.body.collections.map((c: { name: string }) => c.name)).toEqual(['resnet']);
      expect((await t.request('GET', `${A}/resnet`)).body).toMatchObject({
        team: 'ml',
        project: 'cifar',
        tags: ['cv'],
        version_count: 0,
      });
      const dup = await t.request('POST', A, { body: { name: 'resnet', type: 'model' } });
      expect(dup.status).toBe(409);
      expect(dup.body.errors).toEqual([{ path: 'name', message: 'already taken' }]);
      const badType = await t.request('POST', A, { body: { name: 'x', type: 'Model' } });
      expect(badType.status).toBe(422);
      expect(badType.body.errors[0].path).toBe('type');
      expect((await t.request('POST', A, { body: { name: 'a/b', type: 'model' } })).status).toBe(422);
      expect((await t.request('POST', A, { body: { name: 'y', type: 'model', extra: 1 } })).status).toBe(422);
      expect((await t.request('GET', `${A}/nope`)).status).toBe(404);
      expect((await t.request('GET', '/api/v1/teams/ml/projects/nope/artifacts')).status).toBe(404);
      expect(t.events).toEqual([]);
    });

    it('creates versions that take latest and extra aliases, emitting exactly those events', async () => {
      const v0 = await t.request('POST', V, {
        body: {
          digest: 'sha256:a',
          metadata: { acc: 0.9 },
          manifest: [{ path: 'model.pt', digest: 'd1', size: 10, uri: 's3://b/model.pt' }],
          tags: ['fp16'],
        },
      });
      expect(v0.status).toBe(201);
      expect(v0.body).toMatchObject({
        collection: 'resnet',
        type: 'model',
        version: 'v0',
        index: 0,
        digest: 'sha256:a',
        metadata: { acc: 0.9 },
        description: '',
        run_id: null,
        created_by: 'admin',
        aliases: ['latest'],
        tags: ['fp16'],
        manifest: [{ path: 'model.pt', digest: 'd1', size: 10, uri: 's3://b/model.pt' }],
        path: 'ml/cifar/resnet:v0',
      });
      const [created, alias] = t.events;
      expect(created).toMatchObject({
        type: 'artifact_created',
        author: 'admin',
        place: { teamName: 'ml', projectName: 'cifar', registryId: null, registryName: null },
        version: {
          versionId: v0.body.id,
          collectionName: 'resnet',
          collectionType: 'model',
          index: 0,
          metadata: { acc: 0.9 },
          artifactPath: 'ml/cifar/resnet:v0',
        },
      });
      expect(alias).toMatchObject({ type: 'artifact_alias_added', alias: 'latest' });
      expect(taken()).toEqual(['artifact_created v0', 'artifact_alias_added latest v0']);

      const v1 = await t.request('POST', V, { body: { digest: 'sha256:b', aliases: ['best', 'latest'] } });
      expect(v1.body.aliases).toEqual(['best', 'latest']);
      expect(taken()).toEqual([
        'artifact_created v1',
        'artifact_alias_added latest v1',
        'artifact_alias_added best v1',
      ]);
      expect((await t.request('GET', `${V}/v0`)).body.aliases).toEqual([]);
      expect((await t.request('GET', `${V}/best`)).body.version).toBe('v1');
      expect((await t.request('GET', `${A}/resnet`)).body.version_count).toBe(2);
    });

    it('pages versions newest first with a cursor', async () => {
      for (const d of ['a', 'b', 'c']) await t.request('POST', V, { body: { digest: d } });
      const first = await t.request('GET', `${V}?limit=2`);
      expect(first.body.versions.map((v: { version: string }) => v.version)).toEqual(['v2', 'v1']);
      const second = await t.request('GET', `${V}?limit=2&cursor=${first.body.next_cursor}`);
      expect(second.body.versions.map((v: { version: string }) => v.version)).toEqual(['v0']);
      expect(second.body.next_cursor).toBeNull();
    });

    it('records the producing run and refuses an unknown one without emitting or creating', async () => {
      await t.request('PUT', `${P}/runs/r1`, { body: {} });
      t.events.length = 0;
      const ok = await t.request('POST', V, { body: { digest: 'x', run_id: 'r1' } });
      expect(ok.body.run_id).toBe('r1');
      t.events.length = 0;
      const bad = await t.request('POST', V, { body: { digest: 'y', run_id: 'ghost' } });
      expect(bad.status).toBe(422);
      expect(bad.body.errors[0].path).toBe('run_id');
      expect(t.events).toEqual([]);
      expect((await t.request('GET', V)).body.versions).toHaveLength(1);
    });

    it('refuses bad version bodies and unknown versions', async () => {
      expect((await t.request('POST', V, { body: { digest: 'x', metadata: [1] } })).status).toBe(422);
      expect((await t.request('POST', V, { body: { digest: 'x', metadata: 'm' } })).status).toBe(422);
      expect((await t.request('POST', V, { body: { digest: 'x', aliases: ['v3'] } })).status).toBe(422);
      expect((await t.request('POST', V, { body: { digest: 'x', colour: 'red' } })).status).toBe(422);
      expect((await t.request('POST', V, { body: {} })).status).toBe(422);
      expect((await t.request('POST', `${A}/nope/versions`, { body: { digest: 'x' } })).status).toBe(404);
      expect((await t.request('GET', `${V}/v0`)).status).toBe(404);
      expect((await t.request('GET', `${V}/latest`)).status).toBe(404);
      expect((await t.request('PUT', `${V}/v0/aliases/prod`)).status).toBe(404);
      expect(t.events).toEqual([]);
    });

    it('puts, moves and removes aliases, emitting only when a version gains one', async () => {
      await t.request('POST', V, { body: { digest: 'a' } });
      await t.request('POST', V, { body: { digest: 'b' } });
      t.events.length = 0;
      const put = await t.request('PUT', `${V}/v0/aliases/prod`);
      expect(put.status).toBe(200);
      expect(put.body.aliases).toEqual(['prod']);
      expect(taken()).toEqual(['artifact_alias_added prod v0']);
      expect((await t.request('PUT', `${V}/v0/aliases/prod`)).status).toBe(200);
      expect((await t.request('PUT', `${V}/prod/aliases/prod`)).status).toBe(200);
      expect(taken()).toEqual([]);
      const moved = await t.request('PUT', `${V}/v1/aliases/prod`);
      expect(moved.body.aliases).toEqual(['latest', 'prod']);
      expect(taken()).toEqual(['artifact_alias_added prod v1']);
      expect((await t.request('GET', `${V}/v0`)).body.aliases).toEqual([]);
      const index = await t.request('PUT', `${V}/v1/aliases/v7`);
      expect(index.status).toBe(422);
      expect(index.body.errors[0].path).toBe('path.alias');
      expect((await t.request('DELETE', `${V}/v0/aliases/prod`)).status).toBe(404);
      expect((await t.request('DELETE', `${V}/v1/aliases/prod`)).status).toBe(204);
      expect((await t.request('DELETE', `${V}/v1/aliases/prod`)).status).toBe(404);
      expect((await t.request('GET', `${V}/prod`)).status).toBe(404);
      expect(taken()).toEqual([]);
    });

    it('adds and removes tags, emitting only on a change', async () => {
      await t.request('POST', V, { body: { digest: 'a', tags: ['old'] } });
      t.events.length = 0;
      const added = await t.request('PUT', `${V}/latest/tags/good`);
      expect(added.body.tags).toEqual(['old', 'good']);
      expect(taken()).toEqual(['artifact_tag_added good v0']);
      expect((await t.request('PUT', `${V}/v0/tags/good`)).status).toBe(200);
      expect(taken()).toEqual([]);
      expect((await t.request('DELETE', `${V}/v0/tags/old`)).status).toBe(204);
      expect(taken()).toEqual(['artifact_tag_removed old v0']);
      expect((await t.request('DELETE', `${V}/v0/tags/old`)).status).toBe(404);
      expect((await t.request('PUT', `${V}/v0/tags/a,b`)).status).toBe(422);
      expect(taken()).toEqual([]);
      expect((await t.request('GET', `${V}/v0`)).body.tags).toEqual(['good']);
    });
  });
}

import { TEST_DIALECTS } from '@bellwether/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

const V = '/api/v1/teams/ml/projects/cifar/artifacts/resnet/versions';
const R = '/api/v1/registries/model';
const C = `${R}/collections/classifier`;

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`registry API on ${dialect}`, () => {
    let t: TestApp;
    /** The events emitted since the last call, as short strings. */
    const taken = () =>
      t.events.splice(0).map((e) => {
        if (e.type === 'artifact_alias_added') return `${e.type} ${e.alias} v${e.version.index}`;
        if (e.type === 'artifact_tag_added' || e.type === 'artifact_tag_removed')
          return `${e.type} ${e.tag} v${e.version.index}`;
        if (e.type === 'artifact_linked' || e.type === 'artifact_unlinked')
          return `${e.type} v${e.version.index} [${e.aliases.join(',')}]`;
        return e.type;
      });
    const ok = async (method: string, path: string, body?: unknown) => {
      const res = await t.request(method, path, body === undefined ? {} : { body });
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res;
    };

    beforeEach(async () => {
      t = await startTestApp(dialect);
      await ok('POST', '/api/v1/teams/ml/projects', { name: 'cifar' });
      await ok('POST', '/api/v1/teams/ml/projects/cifar/artifacts', { name: 'resnet', type: 'model' });
      await ok('POST', V, { digest: 'a', metadata: { acc: 0.8 } });
      await ok('POST', V, { digest: 'b', metadata: { acc: 0.9 } });
      await ok('POST', '/api/v1/registries', { name: 'model', description: 'Models' });
      await ok('POST', `${R}/collections`, { name: 'classifier', type: 'model' });
      t.events.length = 0;
    });
    afterEach(async () => t.close());

    it('creates registries whose creator is admin, and refuses duplicates and bad fields', async () => {
      const got = await t.request('GET', R);
      expect(got.body).toMatchObject({ name: 'model', description: 'Models', role: 'admin' });
      const members = await t.request('GET', `${R}/members`);
      expect(members.body.members).toMatchObject([{ member: 'admin', kind: 'user', role: 'admin' }]);
      const dup = await t.request('POST', '/api/v1/registries', { body: { name: 'model' } });
      expect(dup.status).toBe(409);
      expect((await t.request('POST', '/api/v1/registries', { body: { name: 'a b' } })).status).toBe(422);
      expect((await t.request('POST', '/api/v1/registries', { body: { name: 'x', y: 1 } })).status).toBe(422);
      expect((await t.request('GET', '/api/v1/registries/nope')).status).toBe(404);
      const list = await t.request('GET', '/api/v1/registries');
      expect(list.body.registries.map((r: { name: string }) => r.name)).toEqual(['model']);
    });

    it('manages users and teams as members and lists registries by effective role', async () => {
      const alice = await t.userWithKey('alice', { ml: 'viewer' });
      const bob = await t.userWithKey('bob');
      expect((await t.request('GET', '/api/v1/registries', { key: alice })).body.registries).toEqual([]);
      const team = await t.request('PUT', `${R}/members/team:ml`, { body: { role: 'viewer' } });
      expect(team.body).toMatchObject({ member: 'team:ml', kind: 'team', name: 'ml', role: 'viewer' });
      await ok('PUT', `${R}/members/alice`, { role: 'member' });
      const seen = await t.request('GET', '/api/v1/registries', { key: alice });
      expect(seen.body.registries).toMatchObject([{ name: 'model', role: 'member' }]);
      expect((await t.request('GET', '/api/v1/registries', { key: bob })).body.registries).toEqual([]);
      expect((await t.request('GET', `${R}/members/alice`)).body.role).toBe('member');
      expect((await t.request('GET', `${R}/members/bob`)).status).toBe(404);
      expect((await t.request('GET', `${R}/members/ghost`)).status).toBe(404);
      expect((await t.request('PUT', `${R}/members/team:ghost`, { body: { role: 'viewer' } })).status).toBe(
        404,
      );
      expect((await t.request('PUT', `${R}/members/bob`, { body: { role: 'owner' } })).status).toBe(422);
      const list = await t.request('GET', `${R}/members`);
      expect(list.body.members.map((m: { member: string }) => m.member)).toEqual([
        'team:ml',
        'admin',
        'alice',
      ]);
      expect((await t.request('PUT', `${R}/members/admin`, { body: { role: 'viewer' } })).status).toBe(409);
      expect((await t.request('DELETE', `${R}/members/admin`)).status).toBe(409);
      await ok('PUT', `${R}/members/alice`, { role: 'admin' });
      expect((await t.request('DELETE', `${R}/members/admin`)).status).toBe(204);
      expect((await t.request('DELETE', `${R}/members/admin`)).status).toBe(404);
      expect((await t.request('DELETE', `${R}/members/team:ml`)).status).toBe(204);
      expect(t.events).toEqual([]);
    });

    it('creates and lists registry collections, refusing duplicates and bad types', async () => {
      await ok('POST', `${R}/collections`, { name: 'detector', type: 'model', tags: ['cv'] });
      const list = await t.request('GET', `${R}/collections`);
      expect(list.body.collections.map((c: { name: string }) => c.name)).toEqual(['classifier', 'detector']);
      expect((await t.request('GET', `${R}/collections/detector`)).body).toMatchObject({
        registry: 'model',
        type: 'model',
        tags: ['cv'],
        version_count: 0,
      });
      expect(
        (await t.request('POST', `${R}/collections`, { body: { name: 'detector', type: 'model' } })).status,
      ).toBe(409);
      expect((await t.request('POST', `${R}/collections`, { body: { name: 'z', type: 'A b' } })).status).toBe(
        422,
      );
      expect((await t.request('GET', `${R}/collections/nope`)).status).toBe(404);
      expect((await t.request('GET', `${C}/versions/v0`)).status).toBe(404);
    });

    it('links versions with latest, ignores a repeated link, and emits registry-placed events', async () => {
      const first = await t.request('POST', `${C}/links`, { body: { artifact: 'ml/cifar/resnet:v0' } });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        registry: 'model',
        collection: 'classifier',
        version: 'v0',
        artifact: 'ml/cifar/resnet:v0',
        aliases: ['latest'],
        tags: [],
        created_by: 'admin',
      });
      const [linked] = t.events;
      expect(linked).toMatchObject({
        type: 'artifact_linked',
        author: 'admin',
        place: { teamName: 'ml', projectId: null, projectName: null, registryName: 'model' },
        version: {
          collectionName: 'classifier',
          collectionType: 'model',
          index: 0,
          metadata: { acc: 0.8 },
          artifactPath: 'ml/cifar/resnet:v0',
        },
      });
      expect(taken()).toEqual(['artifact_linked v0 [latest]', 'artifact_alias_added latest v0']);
      const again = await t.request('POST', `${C}/links`, { body: { artifact: 'ml/cifar/resnet:v0' } });
      expect(again.status).toBe(200);
      expect(taken()).toEqual([]);
      const second = await t.request('POST', `${C}/links`, { body: { artifact: 'ml/cifar/resnet:latest' } });
      expect(second.body).toMatchObject({ version: 'v1', artifact: 'ml/cifar/resnet:v1' });
      expect(taken()).toEqual(['artifact_linked v1 [latest]', 'artifact_alias_added latest v1']);
      const list = await t.request('GET', `${C}/versions`);
      expect(
        list.body.versions.map((v: { version: string; aliases: string[] }) => [v.version, v.aliases]),
      ).toEqual([
        ['v1', ['latest']],
        ['v0', []],
      ]);
      const page = await t.request('GET', `${C}/versions?limit=1`);
      expect(page.body.next_cursor).toBe('1');
      const rest = await t.request('GET', `${C}/versions?limit=1&cursor=1`);
      expect(rest.body.versions.map((v: { version: string }) => v.version)).toEqual(['v0']);
      expect((await t.request('GET', `${C}/versions/latest`)).body.artifact).toBe('ml/cifar/resnet:v1');
    });

    it('refuses links to bad or missing artifacts without emitting', async () => {
      const bad = await t.request('POST', `${C}/links`, { body: { artifact: 'resnet:v0' } });
      expect(bad.status).toBe(422);
      expect(bad.body.errors[0].path).toBe('artifact');
      expect(
        (await t.request('POST', `${C}/links`, { body: { artifact: 'ghost/cifar/resnet:v0' } })).status,
      ).toBe(404);
      expect((await t.request('POST', `${C}/links`, { body: { artifact: 'ml/cifar/nope:v0' } })).status).toBe(
        404,
      );
      expect(
        (await t.request('POST', `${C}/links`, { body: { artifact: 'ml/cifar/resnet:v9' } })).status,
      ).toBe(404);
      expect(
        (await t.request('POST', `${R}/collections/nope/links`, { body: { artifact: 'ml/cifar/resnet:v0' } }))
          .status,
      ).toBe(404);
      expect((await t.request('POST', `${C}/links`, { body: {} })).status).toBe(422);
      expect(t.events).toEqual([]);
    });

    it('unlinks a version with one event, then 404s', async () => {
      await ok('POST', `${C}/links`, { artifact: 'ml/cifar/resnet:v0' });
      await ok('PUT', `${C}/versions/v0/aliases/prod`);
      t.events.length = 0;
      expect((await t.request('DELETE', `${C}/links/prod`)).status).toBe(204);
      const [unlinked] = t.events;
      expect(unlinked).toMatchObject({ place: { registryName: 'model', teamName: 'ml', projectId: null } });
      expect(taken()).toEqual(['artifact_unlinked v0 [latest,prod]']);
      expect((await t.request('DELETE', `${C}/links/v0`)).status).toBe(404);
      expect((await t.request('GET', `${C}/versions/latest`)).status).toBe(404);
      expect(taken()).toEqual([]);
    });

    it('puts, moves and removes registry aliases and tags like project ones', async () => {
      await ok('POST', `${C}/links`, { artifact: 'ml/cifar/resnet:v0' });
      await ok('POST', `${C}/links`, { artifact: 'ml/cifar/resnet:v1' });
      t.events.length = 0;
      const put = await t.request('PUT', `${C}/versions/v0/aliases/prod`);
      expect(put.body.aliases).toEqual(['prod']);
      expect(taken()).toEqual(['artifact_alias_added prod v0']);
      await ok('PUT', `${C}/versions/prod/aliases/prod`);
      expect(taken()).toEqual([]);
      await ok('PUT', `${C}/versions/v1/aliases/prod`);
      const [moved] = t.events;
      expect(moved).toMatchObject({ version: { artifactPath: 'ml/cifar/resnet:v1', index: 1 } });
      expect(taken()).toEqual(['artifact_alias_added prod v1']);
      expect((await t.request('PUT', `${C}/versions/v1/aliases/v2`)).status).toBe(422);
      expect((await t.request('DELETE', `${C}/versions/v1/aliases/prod`)).status).toBe(204);
      expect((await t.request('DELETE', `${C}/versions/v1/aliases/prod`)).status).toBe(404);
      expect(taken()).toEqual([]);
      await ok('PUT', `${C}/versions/v0/tags/good`);
      await ok('PUT', `${C}/versions/v0/tags/good`);
      expect(taken()).toEqual(['artifact_tag_added good v0']);
      expect((await t.request('DELETE', `${C}/versions/v0/tags/good`)).status).toBe(204);
      expect((await t.request('DELETE', `${C}/versions/v0/tags/good`)).status).toBe(404);
      expect(taken()).toEqual(['artifact_tag_removed good v0']);
      expect((await t.request('PUT', `${C}/versions/v7/tags/x`)).status).toBe(404);
      expect(taken()).toEqual([]);
    });
  });
}

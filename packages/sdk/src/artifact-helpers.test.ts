import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BellwetherApiError } from './api-error.js';
import { addArtifactAlias, createArtifactVersion, linkArtifact, manifestDigest } from './artifact-helpers.js';
import { createClient } from './client.js';
import { startTestServer, type TestServer } from './testing/test-server.js';

describe('the artifact helpers against a real server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    await server.app.request('POST', '/api/v1/teams/ml/projects', { body: { name: 'cifar' } });
    await server.app.request('POST', '/api/v1/registries', { body: { name: 'model' } });
    await server.app.request('POST', '/api/v1/registries/model/collections', {
      body: { name: 'classifier', type: 'model' },
    });
  });
  afterAll(() => server.close());

  it('create versions (the collection on first use), move an alias and link into a registry', async () => {
    const client = createClient({ baseUrl: server.url, apiKey: server.apiKey });
    const where = { team: 'ml', project: 'cifar', collection: 'resnet', type: 'model' };
    const manifest = [{ path: 'model.pt', digest: 'abc', size: 10, uri: 's3://b/model.pt' }];
    const v0 = await createArtifactVersion(client, { ...where, manifest, metadata: { acc: 0.9 } });
    const v1 = await createArtifactVersion(client, { ...where, digest: 'd1', aliases: ['candidate'] });
    expect(v0.version).toBe('v0');
    expect(v0.digest).toBe(manifestDigest(manifest));
    expect(v1.aliases.sort()).toEqual(['candidate', 'latest']);
    await addArtifactAlias(
      client,
      { team: 'ml', project: 'cifar', collection: 'resnet', version: 'v0' },
      'prod',
    );
    const link = await linkArtifact(
      client,
      { registry: 'model', collection: 'classifier' },
      'ml/cifar/resnet:prod',
    );
    expect(link.artifact).toBe('ml/cifar/resnet:v0');
    expect(link.aliases).toContain('latest');
  });

  it('give a digest that does not depend on manifest order', () => {
    const a = { path: 'a', digest: '1', size: 1, uri: 'u' };
    const b = { path: 'b', digest: '2', size: 1, uri: 'u' };
    expect(manifestDigest([a, b])).toBe(manifestDigest([b, a]));
    expect(manifestDigest([a])).not.toBe(manifestDigest([b]));
  });

  it('throw a BellwetherApiError naming the field a version is refused for', async () => {
    const client = createClient({ baseUrl: server.url, apiKey: server.apiKey });
    const error = await createArtifactVersion(client, {
      team: 'ml',
      project: 'cifar',
      collection: 'resnet',
      type: 'model',
      digest: 'x'.repeat(300),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BellwetherApiError);
    expect((error as BellwetherApiError).status).toBe(422);
    expect((error as BellwetherApiError).errors[0]?.path).toBe('digest');
  });
});

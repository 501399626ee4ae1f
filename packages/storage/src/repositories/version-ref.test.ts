import { describe, expect, it } from 'vitest';
import { formatArtifactPath, isVersionIndexRef, parseArtifactPath, parseVersionRef } from './version-ref.js';

describe('version references', () => {
  it('reads v3 as an index and anything else as an alias', () => {
    expect(parseVersionRef('v3')).toEqual({ kind: 'index', index: 3 });
    expect(parseVersionRef('v0')).toEqual({ kind: 'index', index: 0 });
    expect(parseVersionRef('latest')).toEqual({ kind: 'alias', alias: 'latest' });
    expect(parseVersionRef('v')).toEqual({ kind: 'alias', alias: 'v' });
    expect(parseVersionRef('v1x')).toEqual({ kind: 'alias', alias: 'v1x' });
  });

  it('flags every vN-shaped string so it is never accepted as an alias', () => {
    expect(isVersionIndexRef('v12')).toBe(true);
    expect(isVersionIndexRef('v007')).toBe(true);
    expect(isVersionIndexRef('prod')).toBe(false);
  });

  it('splits and prints team/project/collection:ref', () => {
    expect(parseArtifactPath('ml/cifar/resnet:v3')).toEqual({
      team: 'ml',
      project: 'cifar',
      collection: 'resnet',
      ref: 'v3',
    });
    expect(parseArtifactPath('ml/cifar/resnet')).toBeUndefined();
    expect(parseArtifactPath('ml/resnet:v1')).toBeUndefined();
    expect(parseArtifactPath('ml/cifar/resnet:')).toBeUndefined();
    expect(formatArtifactPath('ml', 'cifar', 'resnet', 3)).toBe('ml/cifar/resnet:v3');
  });
});

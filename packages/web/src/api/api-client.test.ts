import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, apiPath, listOf } from './api-client.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

function answer(status: number, body: unknown, type = 'application/problem+json') {
  vi.stubGlobal(
    'fetch',
    async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': type } }),
  );
}

describe('the API wrapper', () => {
  it('throws the problem detail and field errors of a 422', async () => {
    answer(422, {
      status: 422,
      detail: '2 fields are invalid',
      errors: [
        { path: 'event.metric.threshold', message: 'must be a finite number' },
        { path: 'name', message: 'already taken' },
      ],
    });
    const error = await api('/teams/t/automations', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const problem = error as ApiError;
    expect(problem.detail).toBe('2 fields are invalid');
    expect(problem.fieldError('event.metric')).toBe('must be a finite number');
    expect(problem.fieldError('name')).toBe('already taken');
  });

  it('names the status when an error has no problem body', async () => {
    vi.stubGlobal('fetch', async () => new Response('oops', { status: 502 }));
    await expect(api('/viewer')).rejects.toThrow('The server answered 502.');
  });

  it('encodes each path segment so a name with a slash stays one segment', () => {
    expect(apiPath`/teams/${'a/b'}/projects/${'c d'}`).toBe('/teams/a%2Fb/projects/c%20d');
  });

  it('reads the list out of a list response whatever its key', () => {
    expect(listOf<number>({ webhooks: [1, 2] })).toEqual([1, 2]);
    expect(listOf<number>(undefined)).toEqual([]);
  });
});

import { TEST_DIALECTS } from '@bellwether/storage';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startTestApp, type TestApp } from '../testing/test-app.js';
import {
  type FuzzOperation,
  HOSTILE_STRINGS,
  operationsOf,
  prng,
  ValueGenerator,
} from './openapi-request-generator.js';

const SQLITE_REQUESTS = Number(process.env.BELLWETHER_FUZZ_REQUESTS ?? 20_000);
const POSTGRES_REQUESTS = Math.ceil(SQLITE_REQUESTS / 4);
const SEED = Number(process.env.BELLWETHER_FUZZ_SEED ?? 20261126);

const KNOWN: Record<string, string[]> = {
  team: ['ml', 'other'],
  project: ['cifar'],
  runId: ['r1'],
  username: ['viewer', 'member', 'admin'],
  registry: ['model'],
  collection: ['resnet'],
  version: ['v0', 'latest'],
  alias: ['prod'],
  tag: ['t1'],
  name: ['API_TOKEN'],
  member: ['viewer', 'team:ml'],
};

/** Percent-encodes a path segment; a lone surrogate goes out as the raw bytes a client could send. */
function encodePathSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

for (const { dialect, available } of TEST_DIALECTS) {
  const requests = dialect === 'sqlite' ? SQLITE_REQUESTS : POSTGRES_REQUESTS;
  describe.skipIf(!available)(`API fuzzing on ${dialect}`, () => {
    let t: TestApp;
    let operations: FuzzOperation[];
    let doc: {
      paths: Record<string, Record<string, unknown>>;
      components?: { schemas?: Record<string, never> };
    };
    const keys: (string | null)[] = [ADMIN_KEY, null];
    beforeAll(async () => {
      t = await startTestApp(dialect);
      await t.request('POST', '/api/v1/teams', { body: { name: 'other' } });
      await t.request('POST', '/api/v1/teams/ml/projects', { body: { name: 'cifar' } });
      await t.request('PUT', '/api/v1/teams/ml/projects/cifar/runs/r1', { body: {} });
      await t.request('POST', '/api/v1/teams/ml/projects/cifar/runs/r1/history', {
        body: { rows: [{ values: { loss: 1 } }] },
      });
      keys.push(await t.userWithKey('viewer', { ml: 'viewer' }));
      keys.push(await t.userWithKey('member', { ml: 'member' }));
      keys.push(await t.userWithKey('outsider', { other: 'admin' }));
      doc = (await t.request('GET', '/api/openapi.json', { key: null })).body;
      operations = operationsOf(doc as never);
    }, 60_000);
    afterAll(async () => t.close());

    it(`answers ${requests} generated and mutated requests without a 5xx, and stays consistent`, {
      timeout: 600_000,
    }, async () => {
      const random = prng(SEED);
      const gen = new ValueGenerator(doc.components?.schemas ?? {}, random);
      const statuses = new Map<number, number>();
      const failures: string[] = [];
      for (let i = 0; i < requests; i++) {
        const op = gen.pick(operations);
        let path = op.path;
        for (const param of op.pathParams) {
          const known = KNOWN[param];
          const value = known && random() < 0.8 ? gen.pick(known) : gen.pick(HOSTILE_STRINGS) || 'x';
          path = path.replace(`{${param}}`, encodePathSegment(value));
        }
        const query = new URLSearchParams();
        for (const q of op.queryParams) {
          if (random() < 0.5)
            query.set(q.name, String(random() < 0.7 ? gen.sample(q.schema) : gen.hostileValue()));
        }
        const url = query.size > 0 ? `${path}?${query}` : path;
        let raw: string | undefined;
        if (op.body || (op.method !== 'GET' && random() < 0.1)) {
          const r = random();
          if (r < 0.05) raw = '{"rows": [';
          else if (r < 0.08) raw = `${'['.repeat(5000)}${']'.repeat(5000)}`;
          else raw = JSON.stringify(gen.mutate(gen.sample(op.body)));
        }
        const key = gen.pick(keys);
        const res = await t.request(op.method, url, { key, ...(raw !== undefined ? { raw } : {}) });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500 && failures.length < 10) {
          failures.push(
            `${op.method} ${url} ${raw?.slice(0, 300)} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`,
          );
        }
        if (
          res.status >= 400 &&
          res.status !== 404 &&
          !res.headers.get('content-type')?.includes('problem+json')
        ) {
          if (failures.length < 10) failures.push(`${op.method} ${url} → ${res.status} without problem+json`);
        }
      }
      console.log(
        `fuzz ${dialect}: ${requests} requests over ${operations.length} operations, statuses`,
        Object.fromEntries([...statuses].sort()),
      );
      expect(failures).toEqual([]);

      // Consistency: nothing half-written.
      const db = t.storage.db;
      const orphanRuns = await sql<{
        n: number;
      }>`select count(*) as n from runs r where not exists (select 1 from projects p where p.id = r.project_id)`.execute(
        db,
      );
      const orphanChunks = await sql<{
        n: number;
      }>`select count(*) as n from metric_chunks c where not exists (select 1 from runs r where r.id = c.run_pk)`.execute(
        db,
      );
      const aheadChunks = await sql<{
        n: number;
      }>`select count(*) as n from metric_chunks c join runs r on r.id = c.run_pk where c.seq > r.history_seq`.execute(
        db,
      );
      const teamsWithoutAdmin = await sql<{
        n: number;
      }>`select count(*) as n from teams t where not exists (select 1 from team_members m where m.team_id = t.id and m.role = 'admin')`.execute(
        db,
      );
      expect(Number(orphanRuns.rows[0]?.n)).toBe(0);
      expect(Number(orphanChunks.rows[0]?.n)).toBe(0);
      expect(Number(aheadChunks.rows[0]?.n)).toBe(0);
      expect(Number(teamsWithoutAdmin.rows[0]?.n)).toBe(0);
      expect((await t.request('GET', '/healthz', { key: null })).status).toBe(200);
    });
  });
}

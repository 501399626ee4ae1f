import { TEST_DIALECTS, TEST_POSTGRES_URL } from '@bellwether/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { callApi } from './chaos-driver.js';
import { CHAOS_KEY, CHAOS_PROJECT, setUpThresholdWebhook } from './chaos-scenario.js';
import { waitForDrain } from './chaos-verify.js';
import { type RecordingReceiver, type ReplyPolicy, startRecordingReceiver } from './recording-receiver.js';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database.js';
import { createServerProcess, type ServerProcess } from './server-process.js';

const CROSSINGS = 40;
const SCHEDULE = [0, 0.2, 0.4, 0.6, 0.8, 1];
const TIMEOUT_MS = 500;
const RETRY_AFTER_S = 1;

/** A seeded PRNG (mulberry32), so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 30 % of requests answer 500, 10 % hang past the sender's timeout, 10 % answer 429 with
 * Retry-After; a webhook-id that failed three times is then accepted, so every delivery can
 * succeed within the six-attempt schedule.
 */
function flakyPolicy(random: () => number): ReplyPolicy {
  return (_id, previous) => {
    if (previous >= 3) return { kind: 'ok' };
    const r = random();
    if (r < 0.3) return { kind: 'error', status: 500 };
    if (r < 0.4) return { kind: 'hang', ms: TIMEOUT_MS * 3 };
    if (r < 0.5) return { kind: 'retry-after', seconds: RETRY_AFTER_S };
    return { kind: 'ok' };
  };
}

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`flaky receivers on ${dialect}`, () => {
    let db: ScratchDatabase | null = null;
    let server: ServerProcess | null = null;
    let receiver: RecordingReceiver | null = null;
    afterEach(async () => {
      await server?.kill();
      await receiver?.close();
      await db?.dispose();
    });

    it('delivers everything within a short schedule and never retries before Retry-After', async () => {
      const seed = Date.now() % 100_000;
      receiver = await startRecordingReceiver(flakyPolicy(seeded(seed)));
      db = await createScratchDatabase(dialect === 'postgres' ? TEST_POSTGRES_URL : undefined);
      server = createServerProcess({
        name: 'all',
        role: 'all',
        env: {
          ...db.env,
          BELLWETHER_ADMIN_API_KEY: CHAOS_KEY,
          BELLWETHER_OUTBOUND_ALLOW: '127.0.0.1/32',
          BELLWETHER_RETRY_SCHEDULE: SCHEDULE.join(','),
          BELLWETHER_DELIVERY_TIMEOUT_MS: String(TIMEOUT_MS),
        },
      });
      await server.start();
      const url = server.url as string;
      await setUpThresholdWebhook(url, receiver.url);
      await callApi(url, CHAOS_KEY, 'PUT', `${CHAOS_PROJECT}/runs/flaky`, {});
      const rows = Array.from({ length: CROSSINGS * 2 }, (_, i) => ({
        step: i,
        values: { loss: i % 2 ? 3 : 1 },
      }));
      const logged = await callApi(url, CHAOS_KEY, 'POST', `${CHAOS_PROJECT}/runs/flaky/history`, { rows });
      expect(logged?.status).toBe(200);

      const storage = await db.open();
      try {
        // Worst case: three failures (a 1 s Retry-After each) and the jittered schedule.
        expect(await waitForDrain(storage.db, 15_000)).toBe(true);
        const deliveries = await storage.db
          .selectFrom('deliveries')
          .select(['id', 'status', 'attempts'])
          .execute();
        expect(deliveries).toHaveLength(CROSSINGS);
        expect(
          deliveries.filter((d) => d.status !== 'succeeded'),
          `seed ${seed}`,
        ).toEqual([]);
        expect(Math.max(...deliveries.map((d) => d.attempts))).toBeLessThanOrEqual(SCHEDULE.length);
        expect(receiver.delivered()).toEqual(new Set(deliveries.map((d) => d.id)));
      } finally {
        await storage.close();
      }

      const requests = receiver.requests;
      const kinds = new Map<string, number>();
      for (const r of requests) kinds.set(r.reply.kind, (kinds.get(r.reply.kind) ?? 0) + 1);
      expect(kinds.get('error')).toBeGreaterThan(0);
      expect(kinds.get('retry-after')).toBeGreaterThan(0);
      // No attempt after a 429 before its Retry-After: both times are read on this machine's clock
      // (1 ms of slack for Date.now()'s granularity on either side).
      let checked = 0;
      for (const [i, r] of requests.entries()) {
        if (r.reply.kind !== 'retry-after' || r.answeredAt === null) continue;
        const next = requests.slice(i + 1).find((n) => n.webhookId === r.webhookId);
        expect(next, `a retry of ${r.webhookId}`).toBeDefined();
        expect((next?.arrivedAt ?? 0) - r.answeredAt).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 1);
        checked++;
      }
      expect(checked).toBeGreaterThan(0);
      process.stdout.write(
        `flaky receivers on ${dialect} (seed ${seed}): ${CROSSINGS} deliveries, ${requests.length} requests ` +
          `(${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}), ${checked} Retry-After waits honoured\n`,
      );
    }, 60_000);
  });
}

import type { BenchApi } from './bench-api.js';

/** The team and project the delivery benches write to. */
export const BENCH_PROJECT_PATH = '/api/v1/teams/default/projects/bench';

/** A Standard Webhooks signing secret, so every delivery is signed as in production. */
const SIGNING_SECRET = `whsec_${Buffer.from('bellwether-bench-signing-key-32b').toString('base64')}`;

/**
 * Creates the project, a signing secret, one signed webhook to `receiverUrl`, and `automations`
 * threshold automations on `loss > 2` (latest value, cooldown 0, the highest rate limit): each
 * crossing of 2 upwards fires every automation once; a value at or under 2 re-arms them.
 */
export async function createWebhookAutomations(
  api: BenchApi,
  receiverUrl: string,
  automations: number,
): Promise<void> {
  await api.call('POST', '/api/v1/teams/default/projects', { name: 'bench' });
  await api.call('PUT', '/api/v1/teams/default/secrets/BENCH_SIGNING', { value: SIGNING_SECRET });
  const hook = await api.call('POST', '/api/v1/teams/default/webhooks', {
    name: 'bench receiver',
    url: receiverUrl,
    secret: 'BENCH_SIGNING',
  });
  for (let i = 0; i < automations; i++) {
    await api.call('POST', '/api/v1/teams/default/automations', {
      name: `loss spike ${i}`,
      scope: { type: 'project', team: 'default', project: 'bench' },
      event: {
        type: 'RUN_METRIC_THRESHOLD',
        metric: { name: 'loss', agg: null, cmp: '$gt', threshold: 2 },
        cooldown_seconds: 0,
        rate_limit_per_minute: 10_000,
      },
      action: {
        type: 'GENERIC_WEBHOOK',
        webhook_id: hook.id,
        payload: {
          automation: '${automation_name}',
          run: '${run_name}',
          metric: '${metric_name}',
          value: '${metric_value}',
          execution: '${execution_id}',
          time: '${event_time}',
          url: '${run_url}',
        },
      },
    });
  }
}

/** History rows alternating re-arm (loss 1) and crossing (loss 3) from `fromStep`: `crossings` firings. */
export function alternatingRows(fromStep: number, crossings: number): Array<Record<string, unknown>> {
  const rows = [];
  for (let i = 0; i < crossings; i++) {
    rows.push({ step: fromStep + 2 * i, values: { loss: 1 } });
    rows.push({ step: fromStep + 2 * i + 1, values: { loss: 3 } });
  }
  return rows;
}

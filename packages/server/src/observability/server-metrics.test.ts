import { describe, expect, it } from 'vitest';
import { createServerMetrics } from './server-metrics.js';

describe('server metrics', () => {
  it('exposes counters and the queue gauges read from the probe at scrape time', async () => {
    let pending = { count: 3, oldestCreatedAt: 1_000 as number | null };
    const metrics = createServerMetrics({ probe: { pending: async () => pending }, clock: () => 61_000 });
    metrics.firings.inc({ status: 'pending' }, 2);
    metrics.httpRequests.inc({ method: 'POST', route: '/api/v1/x', status: '200' });
    const text = await metrics.registry.metrics();
    expect(text).toContain('bellwether_delivery_queue_depth 3');
    expect(text).toContain('bellwether_delivery_oldest_pending_age_seconds 60');
    expect(text).toContain('bellwether_firings_total{status="pending"} 2');
    pending = { count: 0, oldestCreatedAt: null };
    await new Promise((r) => setTimeout(r, 5));
    const later = await metrics.registry.metrics();
    expect(later).toContain('bellwether_delivery_queue_depth 0');
    expect(later).toContain('bellwether_delivery_oldest_pending_age_seconds 0');
  });
});

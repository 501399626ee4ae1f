import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Reads the delivery queue for the gauges at scrape time. */
export interface QueueProbe {
  /** Pending deliveries, and the creation time of the oldest (null when none). */
  pending(): Promise<{ count: number; oldestCreatedAt: number | null }>;
}

/**
 * Bellwether's Prometheus metrics, on a registry of its own (no module-level singletons), served
 * at /metrics: requests, evaluations, firings, deliveries by outcome, attempt latency, queue depth
 * and the age of the oldest pending delivery.
 */
export interface ServerMetrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  readonly evaluations: Counter<'event'>;
  readonly firings: Counter<'status'>;
  readonly deliveries: Counter<'outcome' | 'channel'>;
  readonly attemptDuration: Histogram<'channel'>;
}

/** Creates the metrics; `probe` feeds the queue gauges when Prometheus scrapes. */
export function createServerMetrics(
  options: { probe?: QueueProbe; clock?: () => number } = {},
): ServerMetrics {
  const registry = new Registry();
  const clock = options.clock ?? Date.now;
  const probe = options.probe;
  let last: Promise<{ count: number; oldestCreatedAt: number | null }> | undefined;
  // Both queue gauges read one probe result per scrape.
  const read = () => {
    last ??= (probe?.pending() ?? Promise.resolve({ count: 0, oldestCreatedAt: null })).finally(() => {
      setTimeout(() => {
        last = undefined;
      }, 0);
    });
    return last;
  };
  new Gauge({
    name: 'bellwether_delivery_queue_depth',
    help: 'Deliveries waiting to be sent (pending, including scheduled retries).',
    registers: [registry],
    async collect() {
      this.set((await read()).count);
    },
  });
  new Gauge({
    name: 'bellwether_delivery_oldest_pending_age_seconds',
    help: 'Age of the oldest pending delivery; 0 when the queue is empty.',
    registers: [registry],
    async collect() {
      const { oldestCreatedAt } = await read();
      this.set(oldestCreatedAt === null ? 0 : Math.max(0, (clock() - oldestCreatedAt) / 1000));
    },
  });
  return {
    registry,
    httpRequests: new Counter({
      name: 'bellwether_http_requests_total',
      help: 'HTTP requests by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'bellwether_http_request_duration_seconds',
      help: 'HTTP request latency by method and route pattern.',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    evaluations: new Counter({
      name: 'bellwether_evaluations_total',
      help: 'Domain events evaluated by the trigger engine, by event type.',
      labelNames: ['event'],
      registers: [registry],
    }),
    firings: new Counter({
      name: 'bellwether_firings_total',
      help: 'Automation firings by status (pending, finished, skipped).',
      labelNames: ['status'],
      registers: [registry],
    }),
    deliveries: new Counter({
      name: 'bellwether_deliveries_total',
      help: 'Delivery attempts by outcome (success, retry, failed, dead) and channel.',
      labelNames: ['outcome', 'channel'],
      registers: [registry],
    }),
    attemptDuration: new Histogram({
      name: 'bellwether_delivery_attempt_duration_seconds',
      help: 'Latency of delivery attempts by channel.',
      labelNames: ['channel'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
      registers: [registry],
    }),
  };
}

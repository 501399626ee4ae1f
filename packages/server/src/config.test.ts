import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives every key its documented default', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.role).toBe('all');
    expect(config.delivery.timeoutMs).toBe(15_000);
    expect(config.delivery.leaseMs).toBe(60_000);
    expect(config.delivery.retryDelaysMs).toEqual([
      0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
  });

  it('derives the delivery lease from the timeout unless it is set', () => {
    expect(loadConfig({ BELLWETHER_DELIVERY_TIMEOUT_MS: '2000' }).delivery.leaseMs).toBe(34_000);
    expect(
      loadConfig({ BELLWETHER_DELIVERY_LEASE_MS: '5000', BELLWETHER_DELIVERY_TIMEOUT_MS: '2000' }).delivery
        .leaseMs,
    ).toBe(5_000);
  });

  it('refuses a lease no longer than the timeout, and lists every bad key in one message', () => {
    expect(() =>
      loadConfig({ BELLWETHER_DELIVERY_LEASE_MS: '15000', BELLWETHER_PORT: 'x', BELLWETHER_ROLE: 'both' }),
    ).toThrow(/BELLWETHER_PORT: .*\n.*BELLWETHER_ROLE: .*|BELLWETHER_ROLE: .*\n.*BELLWETHER_PORT: /);
    expect(() => loadConfig({ BELLWETHER_DELIVERY_LEASE_MS: '15000' })).toThrow(
      'BELLWETHER_DELIVERY_LEASE_MS: must be longer than BELLWETHER_DELIVERY_TIMEOUT_MS (15000)',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { openTestStorage, TEST_POSTGRES_URL } from '../testing/test-storage.js';
import { listenForDeliveries, notifyDeliveries } from './notify-deliveries.js';

describe.skipIf(!TEST_POSTGRES_URL)('delivery notifications on postgres', () => {
  it('wakes a listener in another connection when deliveries are announced', async () => {
    const storage = await openTestStorage('postgres');
    let woken = 0;
    const listener = await listenForDeliveries(TEST_POSTGRES_URL ?? '', () => {
      woken++;
    });
    try {
      await notifyDeliveries(storage.db, 'postgres');
      const deadline = Date.now() + 3000;
      while (woken === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(woken).toBeGreaterThan(0);
    } finally {
      await listener.close();
      await storage.dispose();
    }
  });
});

describe('delivery notifications on sqlite', () => {
  it('are a no-op, since one process owns the database', async () => {
    const storage = await openTestStorage('sqlite');
    try {
      await expect(notifyDeliveries(storage.db, 'sqlite')).resolves.toBeUndefined();
    } finally {
      await storage.dispose();
    }
  });
});

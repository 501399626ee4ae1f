import { describe, expect, it } from 'vitest';
import { newId } from './ids.js';

describe('newId', () => {
  it('is the prefix, 10 characters of time (48 bits) and 16 of randomness (80 bits) in Crockford base32', () => {
    expect(newId('dlv', 0)).toMatch(/^dlv_0{10}[0-9a-hjkmnp-tv-z]{16}$/);
    expect(newId('att', 2 ** 48 - 1)).toMatch(/^att_z{9}w[0-9a-hjkmnp-tv-z]{16}$/);
  });

  it('sorts by creation time, and is unique across pool refills', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => newId('exe', 1_700_000_000_000 + i));
    expect([...ids].sort()).toEqual(ids);
    const random = new Set(Array.from({ length: 5000 }, () => newId('exe', 0).slice(14)));
    expect(random.size).toBe(5000);
  });

  it('spreads its random characters over the whole alphabet', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      for (const c of newId('att', 0).slice(14, 29)) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    // 30,000 characters over 32 symbols: about 940 each; a broken bit pattern leaves some at 0.
    expect(counts.size).toBe(32);
    for (const n of counts.values()) expect(n).toBeGreaterThan(700);
  });
});

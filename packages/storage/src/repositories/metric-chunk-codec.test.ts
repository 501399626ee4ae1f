import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeChunk, encodeChunk, mergeColumns, normalizeColumns } from './metric-chunk-codec.js';

describe('metric chunk codec', () => {
  it('round-trips any points, including NaN, infinities and irregular steps', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(1e9), fc.double(), fc.double({ noNaN: true })), { maxLength: 60 }),
        (points) => {
          const c = normalizeColumns(
            points.map((p) => p[0]),
            points.map((p) => p[1]),
            points.map((p) => p[2]),
          );
          const back = decodeChunk(encodeChunk(c), c.steps.length);
          expect([...back.steps]).toEqual([...c.steps]);
          expect([...back.values]).toEqual([...c.values]);
          expect([...back.timestamps]).toEqual([...c.timestamps]);
        },
      ),
    );
  });

  it('stores regular steps and timestamps as first and delta: 8 bytes a point', () => {
    const n = 1000;
    const c = normalizeColumns(
      Array.from({ length: n }, (_, i) => 5 + i),
      Array.from({ length: n }, (_, i) => i / 7),
      Array.from({ length: n }, (_, i) => 1e12 + 3 * i),
    );
    const bytes = encodeChunk(c);
    expect(bytes.byteLength).toBe(8 * (1 + 2 + n + 2));
    const back = decodeChunk(bytes, n);
    expect(back.steps[999]).toBe(1004);
    expect(back.timestamps[999]).toBe(1e12 + 2997);
  });

  it('keeps the last value of a step logged twice in one batch, and the newer chunk on merge', () => {
    const c = normalizeColumns([3, 1, 3], [30, 10, 31], [0, 0, 0]);
    expect([...c.steps]).toEqual([1, 3]);
    expect([...c.values]).toEqual([10, 31]);
    const merged = mergeColumns(c, normalizeColumns([3, 4], [99, 4], [1, 1]));
    expect([...merged.steps]).toEqual([1, 3, 4]);
    expect([...merged.values]).toEqual([10, 99, 4]);
  });
});

import { describe, expect, it } from 'vitest';
import { emaSmooth, forLogScale } from './smoothing.js';

describe('plot smoothing', () => {
  it('is a debiased EMA that starts at the first value and keeps gaps', () => {
    const smoothed = emaSmooth([10, null, 20, 20], 0.5);
    expect(smoothed[0]).toBe(10);
    expect(smoothed[1]).toBeNull();
    // (0.5·5 + 0.5·20) / (1 − 0.25) = 12.5 / 0.75
    expect(smoothed[2]).toBeCloseTo(12.5 / 0.75);
    expect(emaSmooth([1, 2, 3], 0)).toEqual([1, 2, 3]);
  });

  it('drops what a log axis cannot show', () => {
    expect(forLogScale([1, 0, -2, null, 0.5])).toEqual([1, null, null, null, 0.5]);
  });
});

import { describe, expect, it } from 'vitest';
import { alignSeries } from './series-align.js';

describe('aligning run series for a plot', () => {
  it('merges different step grids into one sorted axis with gaps as null', () => {
    const [xs, a, b] = alignSeries([
      { label: 'a', steps: [0, 2, 4], values: [1, 2, 3] },
      { label: 'b', steps: [1, 2], values: [5, 6] },
    ]);
    expect(xs).toEqual([0, 1, 2, 4]);
    expect(a).toEqual([1, null, 2, 3]);
    expect(b).toEqual([null, 5, 6, null]);
  });

  it('draws NaN and infinities as gaps', () => {
    const [, a] = alignSeries([{ label: 'a', steps: [0, 1, 2], values: [1, 'NaN', 'Infinity'] }]);
    expect(a).toEqual([1, null, null]);
  });
});

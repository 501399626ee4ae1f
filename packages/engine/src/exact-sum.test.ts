import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addExactProduct, ExactSum, exactDeviationSum, exactSumOf } from './exact-sum.js';

/** A double m·2^-e with |m| < 2^53, and its exact value as a BigInt scaled by 2^80. */
const scaledDouble = fc
  .tuple(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), fc.integer({ min: 0, max: 80 }))
  .map(([m, e]) => ({ value: m * 2 ** -e, exact: BigInt(m) << BigInt(80 - e) }));

describe('ExactSum', () => {
  it('rounds the exact sum correctly where naive summation loses it', () => {
    expect(exactSumOf([1e16, 1, -1e16])).toBe(1);
    expect(exactSumOf(Array(10).fill(0.1))).toBe(1);
    expect(exactSumOf([1e100, 1, -1e100, 1e-100])).toBe(1);
  });

  it('equals the correctly rounded exact sum (checked with BigInt) in any order', () => {
    fc.assert(
      fc.property(fc.array(scaledDouble, { minLength: 1, maxLength: 30 }), (items) => {
        const exact = items.reduce((s, i) => s + i.exact, 0n);
        const expected = Number(exact) * 2 ** -80;
        expect(exactSumOf(items.map((i) => i.value))).toBe(expected);
        expect(exactSumOf(items.map((i) => i.value).reverse())).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('comes back to exactly nothing when every value is removed again', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 })),
        (values) => {
          const sum = new ExactSum();
          for (const v of values) sum.add(v);
          for (const v of values) sum.add(-v);
          expect(sum.value()).toBe(0);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('exactDeviationSum', () => {
  it('equals n·Σx² − (Σx)² computed with BigInt, for large values with small deltas', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        (deltas, base) => {
          const values = deltas.map((d) => base + d);
          const big = values.map(BigInt);
          const n = BigInt(values.length);
          const s1 = big.reduce((a, b) => a + b, 0n);
          const s2 = big.reduce((a, b) => a + b * b, 0n);
          const sum = new ExactSum();
          const squares = new ExactSum();
          for (const v of values) {
            sum.add(v);
            addExactProduct(squares, v, v, 1);
          }
          expect(exactDeviationSum(values.length, sum, squares, new ExactSum())).toBe(
            Number(n * s2 - s1 * s1),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

/**
 * Exact summation of doubles (Shewchuk's non-overlapping partials, as in Python's math.fsum).
 *
 * Window aggregates are kept as exact running sums rather than plain floating-point sums: adding
 * and later subtracting a value is then exact, so a running sum never drifts, its rounded value
 * is independent of the order values came and went in, and a state rebuilt from the stored
 * window (or a from-scratch recompute) gives bit-identical results.
 */
export class ExactSum {
  // Non-overlapping partials of doubles are at most ~40 (the exponent range / 53 bits).
  private readonly partials = new Float64Array(64);
  private length = 0;

  /** Adds a finite value exactly (callers keep values small enough that no partial overflows). */
  add(value: number): void {
    if (value === 0) return;
    const p = this.partials;
    let x = value;
    let kept = 0;
    for (let j = 0; j < this.length; j++) {
      let y = p[j] as number;
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[kept++] = lo;
      x = hi;
    }
    if (x !== 0) p[kept++] = x;
    this.length = kept;
  }

  /** Forgets every value. */
  clear(): void {
    this.length = 0;
  }

  /** How many partials make up the exact sum (for callers that combine sums exactly). */
  get size(): number {
    return this.length;
  }

  /** The i-th partial, smallest magnitude first. */
  partial(i: number): number {
    return this.partials[i] as number;
  }

  /** The exact sum, correctly rounded to the nearest double (ties to even). */
  value(): number {
    const p = this.partials;
    let n = this.length;
    if (n === 0) return 0;
    let hi = p[--n] as number;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n] as number;
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // Half-way case: the rounding of hi + lo was a tie that the remaining partials break.
    if (n > 0) {
      const next = p[n - 1] as number;
      if ((lo < 0 && next < 0) || (lo > 0 && next > 0)) {
        const y = lo * 2;
        const x = hi + y;
        if (y === x - hi) hi = x;
      }
    }
    return hi;
  }
}

const SPLITTER = 134_217_729; // 2^27 + 1, Veltkamp's split of a double into two 26-bit halves

/**
 * Adds a·b exactly to `sum` as the rounded product plus its rounding error (Dekker's product),
 * which is exact while |a|, |b| < 2^500 and the error term does not underflow.
 */
export function addExactProduct(sum: ExactSum, a: number, b: number, sign: 1 | -1): void {
  const product = a * b;
  let c = SPLITTER * a;
  const aHi = c - (c - a);
  const aLo = a - aHi;
  c = SPLITTER * b;
  const bHi = c - (c - b);
  const bLo = b - bHi;
  const error = aLo * bLo - (product - aHi * bHi - aLo * bHi - aHi * bLo);
  sum.add(sign * product);
  sum.add(sign * error);
}

/** The correctly rounded sum of finite values, computed from scratch. */
export function exactSumOf(values: readonly number[]): number {
  const sum = new ExactSum();
  for (const v of values) sum.add(v);
  return sum.value();
}

/**
 * n·Σx² − (Σx)², computed exactly from the exact sums and rounded once: n² times the population
 * variance, free of the cancellation that ruins it for large values with small deltas (1e12 ± 1).
 * `scratch` is reused to avoid allocating on the hot path.
 */
export function exactDeviationSum(
  n: number,
  sum: ExactSum,
  sumOfSquares: ExactSum,
  scratch: ExactSum,
): number {
  scratch.clear();
  for (let i = 0; i < sumOfSquares.size; i++) addExactProduct(scratch, n, sumOfSquares.partial(i), 1);
  for (let i = 0; i < sum.size; i++) {
    for (let j = 0; j < sum.size; j++) addExactProduct(scratch, sum.partial(i), sum.partial(j), -1);
  }
  return scratch.value();
}

import { addExactProduct, ExactSum, exactDeviationSum } from './exact-sum.js';
import { MonotonicDeque } from './monotonic-deque.js';

/** What a window keeps up to date besides its values: the aggregate a condition reads. */
export type WindowMode = 'AVERAGE' | 'MIN' | 'MAX' | 'LATEST' | 'MOMENTS';

/** Values with |x| ≥ 2^500 would overflow squares; a z-score window holding one never fires. */
export const HUGE_MAGNITUDE = 2 ** 500;
// Averages sum values scaled by 2^-16 so a full window of values near the largest double cannot
// overflow the exact sum; scaling by a power of two is exact except far into subnormals.
const SUM_SCALE = 2 ** -16;
const SUM_UNSCALE = 2 ** 16;

/** The mean of `count` values whose exact sum, scaled by 2^-16 and rounded, is `scaledSum`. */
export function meanOfScaledSum(scaledSum: number, count: number): number {
  const sum = scaledSum * SUM_UNSCALE;
  return Number.isFinite(sum) ? sum / count : (scaledSum / count) * SUM_UNSCALE;
}

/** The scaled value an average adds to its exact sum. */
export function scaledForSum(value: number): number {
  return value * SUM_SCALE;
}

/**
 * The last `size` values of a stream in a ring buffer, with an O(1)-per-value aggregate. NaN and
 * ±Infinity are counted apart from the exact sums, which only ever see finite values.
 */
export class RollingWindow {
  private readonly ring: Float64Array;
  private head = 0;
  private seq = 0;
  private nanCount = 0;
  private posInfCount = 0;
  private negInfCount = 0;
  private hugeCount = 0;
  private readonly sum: ExactSum | null;
  private readonly squares: ExactSum | null;
  private readonly scratch: ExactSum | null;
  private readonly deque: MonotonicDeque | null;
  /** How many values the window holds (at most `size`). */
  count = 0;
  /** Whether the last push pushed the oldest value out, and which. */
  didEvict = false;
  evicted = 0;
  /** The mean and σ the last `zscore` call used. */
  lastMean = Number.NaN;
  lastStd = Number.NaN;

  constructor(
    readonly size: number,
    private readonly mode: WindowMode,
  ) {
    this.ring = new Float64Array(size);
    const sums = mode === 'AVERAGE' || mode === 'MOMENTS';
    this.sum = sums ? new ExactSum() : null;
    this.squares = mode === 'MOMENTS' ? new ExactSum() : null;
    this.scratch = mode === 'MOMENTS' ? new ExactSum() : null;
    this.deque =
      mode === 'MIN' || mode === 'MAX' ? new MonotonicDeque(size, mode === 'MIN' ? 'min' : 'max') : null;
  }

  /** Whether the window holds `size` values. */
  get full(): boolean {
    return this.count === this.size;
  }

  /** Appends a value, pushing out the oldest when full (see `didEvict` / `evicted`). */
  push(value: number): void {
    const size = this.size;
    if (this.count === size) {
      const head = this.head;
      const old = this.ring[head] as number;
      this.account(old, -1);
      this.evicted = old;
      this.didEvict = true;
      this.ring[head] = value;
      this.head = head + 1 === size ? 0 : head + 1;
    } else {
      this.didEvict = false;
      const slot = this.head + this.count;
      this.ring[slot < size ? slot : slot - size] = value;
      this.count++;
    }
    this.account(value, 1);
    this.seq++;
    if (this.deque !== null) this.deque.push(this.seq, value, this.seq - size + 1);
  }

  private account(value: number, sign: 1 | -1): void {
    // Finite values (the common case) first: x − x is 0 exactly for them, NaN for NaN and ±∞.
    if (value - value === 0) {
      if (this.sum === null) return;
      if (this.squares === null) this.sum.add(sign * scaledForSum(value));
      else if (Math.abs(value) >= HUGE_MAGNITUDE) this.hugeCount += sign;
      else {
        this.sum.add(sign * value);
        addExactProduct(this.squares, value, value, sign);
      }
    } else if (Number.isNaN(value)) this.nanCount += sign;
    else if (value === Number.POSITIVE_INFINITY) this.posInfCount += sign;
    else this.negInfCount += sign;
  }

  /** The smallest and largest values held (NaN ignored), into `out` as [min, max]; ±∞ when empty. */
  extremes(out: [number, number]): void {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < this.count; i++) {
      const v = this.ring[i] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    out[0] = lo;
    out[1] = hi;
  }

  /**
   * Appends the values of `points` without evaluating anything in between: when they outnumber
   * the window, it is rebuilt from the last `size` of them alone (exact sums and deques rebuilt
   * from the values a window holds give bit-identical aggregates to incrementally kept ones).
   */
  pushTail(points: readonly { value: number }[]): void {
    let from = 0;
    if (points.length >= this.size) {
      from = points.length - this.size;
      this.head = 0;
      this.count = 0;
      this.nanCount = 0;
      this.posInfCount = 0;
      this.negInfCount = 0;
      this.hugeCount = 0;
      this.sum?.clear();
      this.squares?.clear();
      this.deque?.clear();
    }
    for (let i = from; i < points.length; i++) this.push((points[i] as { value: number }).value);
  }

  /** The newest value. */
  latest(): number {
    const slot = this.head + this.count - 1;
    return this.ring[slot < this.size ? slot : slot - this.size] as number;
  }

  /** The window's aggregate: NaN when it holds a NaN; the mean, minimum, maximum or latest value. */
  aggregate(): number {
    if (this.nanCount > 0) return Number.NaN;
    switch (this.mode) {
      case 'LATEST':
        return this.latest();
      case 'MIN':
      case 'MAX':
        return this.deque ? this.deque.front() : Number.NaN;
      default: {
        if (this.posInfCount > 0) return this.negInfCount > 0 ? Number.NaN : Number.POSITIVE_INFINITY;
        if (this.negInfCount > 0) return Number.NEGATIVE_INFINITY;
        return meanOfScaledSum(this.sum ? this.sum.value() : Number.NaN, this.count);
      }
    }
  }

  /**
   * The z-score of `value` against this window (population σ). NaN when σ is 0 or the window
   * holds a non-finite or huge value, so the comparison never holds.
   */
  zscore(value: number): number {
    const n = this.count;
    this.lastMean = Number.NaN;
    this.lastStd = Number.NaN;
    if (!this.sum || !this.squares || !this.scratch) return Number.NaN;
    if (this.nanCount + this.posInfCount + this.negInfCount + this.hugeCount > 0) return Number.NaN;
    this.lastMean = this.sum.value() / n;
    const deviation = exactDeviationSum(n, this.sum, this.squares, this.scratch);
    this.lastStd = deviation > 0 ? Math.sqrt(deviation) / n : 0;
    if (this.lastStd === 0) return Number.NaN;
    return (value - this.lastMean) / this.lastStd;
  }

  /** The values oldest first (allocates: for snapshots and saved state, not the hot path). */
  values(): number[] {
    const out = new Array<number>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.ring[(this.head + i) % this.size] as number;
    return out;
  }
}

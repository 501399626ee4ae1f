/**
 * The minimum (or maximum) of a sliding window in O(1) amortised time per value: a deque of
 * candidates in increasing (decreasing) order, each tagged with its sequence number so values
 * that left the window are dropped from the front. NaN is never a candidate: a window holding a
 * NaN is NaN anyway (the caller counts them), and must be right again once the NaN has left.
 */
export class MonotonicDeque {
  private readonly values: Float64Array;
  private readonly seqs: Float64Array;
  private head = 0;
  private length = 0;

  constructor(
    private readonly capacity: number,
    private readonly kind: 'min' | 'max',
  ) {
    this.values = new Float64Array(capacity);
    this.seqs = new Float64Array(capacity);
  }

  /** Drops candidates older than `minSeq`, then adds `value` logged as number `seq`. */
  push(seq: number, value: number, minSeq: number): void {
    while (this.length > 0 && (this.seqs[this.head] as number) < minSeq) {
      this.head = (this.head + 1) % this.capacity;
      this.length--;
    }
    if (Number.isNaN(value)) return;
    const isMin = this.kind === 'min';
    while (this.length > 0) {
      const back = (this.head + this.length - 1) % this.capacity;
      const v = this.values[back] as number;
      if (isMin ? v < value : v > value) break;
      this.length--;
    }
    const slot = (this.head + this.length) % this.capacity;
    this.values[slot] = value;
    this.seqs[slot] = seq;
    this.length++;
  }

  /** Forgets every candidate. */
  clear(): void {
    this.head = 0;
    this.length = 0;
  }

  /** The extreme of the candidates, NaN when there are none. */
  front(): number {
    return this.length > 0 ? (this.values[this.head] as number) : Number.NaN;
  }
}

/**
 * W&B's exponential moving average with debiasing: s_t = w·s_(t−1) + (1−w)·v_t, divided by
 * 1 − w^n (n values so far) so the line does not start near zero. Gaps (null) stay gaps and do
 * not count; weight 0 returns the values as they are.
 */
export function emaSmooth(values: readonly (number | null)[], weight: number): (number | null)[] {
  if (weight <= 0) return [...values];
  let last = 0;
  let n = 0;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return null;
    last = last * weight + (1 - weight) * v;
    n += 1;
    return last / (1 - weight ** n);
  });
}

/** Values a log-scale axis can show: zero and negative ones become gaps. */
export function forLogScale(values: readonly (number | null)[]): (number | null)[] {
  return values.map((v) => (v !== null && v > 0 ? v : null));
}

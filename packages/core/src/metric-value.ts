/** A metric value as logged: a number, or non-numeric data kept only in the run summary. */
export type LoggedValue =
  | number
  | string
  | boolean
  | null
  | readonly unknown[]
  | { readonly [k: string]: unknown };

const NON_FINITE: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

/**
 * The numeric value of a logged value, or undefined when it is not numeric. JSON cannot carry
 * NaN or ±Infinity, so the strings "NaN", "Infinity" and "-Infinity" stand for them.
 */
export function numericValue(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return NON_FINITE[value];
  return undefined;
}

/** A number made safe for JSON: non-finite values become the strings "NaN", "Infinity", "-Infinity". */
export function jsonNumber(value: number): number | 'NaN' | 'Infinity' | '-Infinity' {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}

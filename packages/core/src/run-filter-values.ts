/**
 * Value semantics of run filters, shared by the compiler and its tests. They follow MongoDB
 * where it is unambiguous: an array-valued field matches when the whole array or any of its
 * elements matches, numbers compare numerically, strings by UTF-16 code units, and values of
 * different types never compare (so `$ne`/`$nin` match them). `undefined` means "missing".
 */

/** True for a non-null, non-array object (the only kind of value a filter or config key can hold). */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for a number that JSON can carry. */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** True for values JSON can carry (the input has at most RUN_FILTER_MAX_NODES values, so recursion is shallow). */
export function isJsonValue(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonValue);
  if (!isRecord(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && Object.values(value).every(isJsonValue);
}

/** A short human name of a value's type, for error messages. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return Number.isFinite(value) ? 'a number' : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return typeof value;
}

/** Deep equality of JSON values; object key order does not matter. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
}

/** The values a field offers for element-wise operators: the elements of an array, else the value itself. */
function candidates(value: unknown): readonly unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** `$eq`: the value equals the operand, or (for arrays) the whole array or one element does. */
export function matchesEq(value: unknown, operand: unknown): boolean {
  if (value === undefined) return false;
  if (jsonEqual(value, operand)) return true;
  return Array.isArray(value) && value.some((item) => jsonEqual(item, operand));
}

/** `$in`: `$eq` against any operand in the list. */
export function matchesIn(value: unknown, operands: readonly unknown[]): boolean {
  return operands.some((operand) => matchesEq(value, operand));
}

/** The ordering operators and how each reads a three-way comparison. */
export type OrderOperator = '$gt' | '$gte' | '$lt' | '$lte';

const ORDER_TESTS: Readonly<Record<OrderOperator, (c: number) => boolean>> = {
  $gt: (c) => c > 0,
  $gte: (c) => c >= 0,
  $lt: (c) => c < 0,
  $lte: (c) => c <= 0,
};

function compareSameType(a: unknown, b: number | string): number | undefined {
  if (typeof a !== typeof b) return undefined;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

/** `$gt` and friends: some candidate of the same type as the operand compares as asked. */
export function matchesOrder(value: unknown, operator: OrderOperator, operand: number | string): boolean {
  const test = ORDER_TESTS[operator];
  return candidates(value).some((item) => {
    const c = compareSameType(item, operand);
    return c !== undefined && !Number.isNaN(c) && test(c);
  });
}

/** `$contains`: an array holds an element equal to the operand, or a string holds it as a substring. */
export function matchesContains(value: unknown, operand: unknown): boolean {
  if (Array.isArray(value)) return value.some((item) => jsonEqual(item, operand));
  return typeof value === 'string' && typeof operand === 'string' && value.includes(operand);
}

/** `$regex`: the string, or some string element of an array, contains a match. */
export function matchesRegex(value: unknown, test: (text: string) => boolean): boolean {
  return candidates(value).some((item) => typeof item === 'string' && test(item));
}

/**
 * Reads a dotted path inside a config object: object keys by name (own keys only, so
 * `__proto__` or `constructor` never reach the prototype), array elements by decimal index.
 * Returns undefined when any step is missing.
 */
export function readConfigPath(config: unknown, segments: readonly string[]): unknown {
  let current: unknown = config;
  for (const segment of segments) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9][0-9]*)$/.test(segment)) return undefined;
      current = current[Number(segment)];
    } else if (isRecord(current) && Object.hasOwn(current, segment)) {
      current = current[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

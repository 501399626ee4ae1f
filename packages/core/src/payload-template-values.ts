import { jsonNumber } from './metric-value.js';

/**
 * How a value is written into a rendered template: as string content inside a JSON string,
 * or as a JSON value where a placeholder stands alone. Values never break the JSON around
 * them: they are escaped, and what JSON cannot carry becomes a string or null.
 */

/**
 * The value of `${name}`: the entry of that exact name, else for `prefix.KEY` the top-level
 * KEY of the object under `prefix` (own keys only). Undefined when absent.
 */
export function lookupTemplateValue(values: Readonly<Record<string, unknown>>, name: string): unknown {
  if (Object.hasOwn(values, name)) return values[name];
  const dot = name.indexOf('.');
  if (dot < 0) return undefined;
  const container = Object.hasOwn(values, name.slice(0, dot)) ? values[name.slice(0, dot)] : undefined;
  if (typeof container !== 'object' || container === null || Array.isArray(container)) return undefined;
  const key = name.slice(dot + 1);
  return Object.hasOwn(container, key) ? (container as Record<string, unknown>)[key] : undefined;
}

/** JSON text of any value: non-finite numbers become "NaN"/"Infinity"/"-Infinity", bigints numbers, cycles null. */
export function toJsonText(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  try {
    const text = JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'number') return jsonNumber(v);
      if (typeof v === 'bigint') return Number(v);
      return v;
    });
    return text ?? 'null';
  } catch {
    return 'null';
  }
}

/** The text a value contributes inside a JSON string, before escaping: null and undefined give ''. */
export function toTemplateText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(jsonNumber(value));
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'object') return toJsonText(value);
  return '';
}

/** A string escaped as the content of a JSON string (without the quotes). */
export function escapeJsonStringContent(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

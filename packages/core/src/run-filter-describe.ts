import { compileRunFilter } from './run-filter.js';
import { isRecord } from './run-filter-values.js';

const MAX_LENGTH = 200;
const MAX_VALUE_LENGTH = 40;

const SYMBOLS: Readonly<Record<string, string>> = {
  $eq: '=',
  $ne: '!=',
  $gt: '>',
  $gte: '>=',
  $lt: '<',
  $lte: '<=',
  $in: 'in',
  $nin: 'not in',
  $contains: 'contains',
};

/**
 * A short human reading of a run filter for the UI and messages, such as
 * `display_name matches /^resnet/ and state = "finished"`. Validates first, so an invalid
 * filter throws the same `validation_failed` error as compileRunFilter.
 */
export function describeRunFilter(filter: unknown): string {
  compileRunFilter(filter);
  const text = describeFilter(filter, false) || 'all runs';
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}

function describeFilter(filter: unknown, nested: boolean): string {
  if (!isRecord(filter)) return '';
  const keys = Object.keys(filter);
  const wrap = nested || keys.length > 1;
  const parts = keys.map((key) => describeEntry(key, filter[key], wrap)).filter((part) => part !== '');
  return joinParts(parts, 'and', nested);
}

function describeEntry(key: string, operand: unknown, wrap: boolean): string {
  if (key === '$not') return `not (${describeFilter(operand, false) || 'all runs'})`;
  if (key === '$and' || key === '$or') {
    const items = Array.isArray(operand) ? operand : [];
    const parts = items.map((item) => describeFilter(item, true)).filter((part) => part !== '');
    return joinParts(parts, key === '$and' ? 'and' : 'or', wrap);
  }
  return describeCondition(key, operand, wrap);
}

function describeCondition(field: string, condition: unknown, wrap: boolean): string {
  const isOperators = isRecord(condition) && Object.keys(condition).some((k) => k.startsWith('$'));
  if (!isOperators) return `${field} = ${formatValue(condition)}`;
  const parts: string[] = [];
  for (const [operator, operand] of Object.entries(condition)) {
    if (operator === '$options') continue;
    if (operator === '$regex') {
      const flags = typeof condition.$options === 'string' ? condition.$options : '';
      parts.push(`${field} matches /${String(operand)}/${flags}`);
    } else if (operator === '$exists') {
      parts.push(operand ? `${field} is set` : `${field} is not set`);
    } else if (operator === '$not') {
      parts.push(`not (${describeCondition(field, operand, false)})`);
    } else {
      parts.push(`${field} ${SYMBOLS[operator] ?? operator} ${formatValue(operand)}`);
    }
  }
  return joinParts(parts, 'and', wrap);
}

function joinParts(parts: readonly string[], word: 'and' | 'or', nested: boolean): string {
  const text = parts.join(` ${word} `);
  return nested && parts.length > 1 ? `(${text})` : text;
}

function formatValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

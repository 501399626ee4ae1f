import { type FieldError, invalidFields } from './errors.js';
import { compileRegex } from './run-filter-regex.js';
import {
  isFiniteNumber,
  isJsonValue,
  isRecord,
  matchesContains,
  matchesEq,
  matchesIn,
  matchesOrder,
  type OrderOperator,
  readConfigPath,
  typeName,
} from './run-filter-values.js';
import { RUN_STATES, type RunSnapshot } from './types.js';

/**
 * Run filters: the MongoDB-style conditions on a run that run events may carry
 * (`{"$and":[{"display_name":{"$regex":"^resnet"}}]}`). A filter is validated and compiled
 * once, when the automation is saved; the compiled predicate is pure and cheap.
 *
 * Language:
 * - A filter is an object. Each key is a field or `$and` / `$or` (non-empty lists of filters;
 *   an empty `$and` matches every run, as W&B writes it) or `$not` (one filter); several keys
 *   must all match. `null` or `{}` match every run.
 * - Fields: `display_name`, `run_id`, `state`, `username` (alias `user`; a run without a user
 *   has no username), `tags` (a list) and `config.<dotted.path>` (array elements by index).
 * - A field takes a value (implicit `$eq`) or an object of operators, all of which must match:
 *   `$eq $ne $gt $gte $lt $lte $in $nin $exists $regex` (with optional `$options` of `i`, `m`,
 *   `s`) `$contains` and `$not` (an object of operators).
 * - Lists match element-wise: `{"tags": "x"}` and `{"tags": {"$contains": "x"}}` mean tag x is
 *   present, `{"tags": {"$in": ["a","b"]}}` means some tag is a or b.
 * - Types never mix: comparing a number with a string is false (so `$ne` / `$nin` are true).
 *   A missing value matches only `$exists: false`, `$ne`, `$nin` and negations.
 * - Regexes use RE2 semantics (linear time) and search anywhere in the value (anchor with ^ $).
 */

/** A compiled run filter: true when the run matches. */
export type RunFilterPredicate = (run: RunSnapshot) => boolean;

/** How deeply `$and` / `$or` / `$not` may nest. */
export const RUN_FILTER_MAX_DEPTH = 10;
export { RUN_FILTER_MAX_REGEX_LENGTH } from './run-filter-regex.js';

/** How many JSON values (objects, arrays, strings, numbers, …) a filter may hold in all. */
export const RUN_FILTER_MAX_NODES = 200;

/** The fields a filter can name (besides `config.<path>`), with `user` as an alias of `username`. */
export const RUN_FILTER_FIELDS: readonly string[] = ['display_name', 'run_id', 'state', 'username', 'tags'];

type Get = (run: RunSnapshot) => unknown;
type Pred = (value: unknown) => boolean;
type FieldKind = 'string' | 'state' | 'tags' | 'config';

interface Field {
  kind: FieldKind;
  get: Get;
}

const STRING_FIELDS: Readonly<Record<string, Field>> = {
  display_name: { kind: 'string', get: (run) => run.displayName },
  run_id: { kind: 'string', get: (run) => run.runId },
  state: { kind: 'state', get: (run) => run.state },
  username: { kind: 'string', get: (run) => run.username ?? undefined },
  user: { kind: 'string', get: (run) => run.username ?? undefined },
  tags: { kind: 'tags', get: (run) => run.tags },
};

const LOGICAL_OPERATORS = ['$and', '$or', '$not'];
const FIELD_OPERATORS = [
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$exists',
  '$regex',
  '$options',
  '$contains',
  '$not',
];

const always = (): boolean => true;
const never = (): boolean => false;

/**
 * Validates a run filter and compiles it into a predicate. Throws a `validation_failed`
 * BellwetherError naming every invalid part (`event.run_filter.$and[0].display_name.$regex`)
 * and never anything else, whatever the input.
 */
export function compileRunFilter(filter: unknown, path = 'event.run_filter'): RunFilterPredicate {
  const { predicate, errors } = compile(filter, path);
  if (errors.length > 0) throw invalidFields(errors);
  return predicate;
}

/**
 * The problems of a run filter as values, empty when it is valid. With `path` '' the paths are
 * relative to the filter (`$and[0].display_name.$regex`, '' for the filter itself), for
 * callers that prefix their own.
 */
export function checkRunFilter(filter: unknown, path = 'event.run_filter'): FieldError[] {
  return compile(filter, path).errors;
}

function compile(filter: unknown, path: string): { predicate: RunFilterPredicate; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (filter === null || filter === undefined) return { predicate: always, errors };
  if (countNodes(filter, RUN_FILTER_MAX_NODES) > RUN_FILTER_MAX_NODES) {
    const message = `the filter is too large: it holds more than ${RUN_FILTER_MAX_NODES} objects, lists and values; simplify it`;
    return { predicate: never, errors: [{ path, message }] };
  }
  const predicate = compileFilter(filter, path, 0, errors);
  return { predicate, errors };
}

/** Counts JSON values, stopping as soon as the count passes `limit` (so cycles and huge inputs stay cheap). */
function countNodes(value: unknown, limit: number): number {
  let count = 0;
  const visit = (v: unknown): void => {
    count += 1;
    if (count > limit || typeof v !== 'object' || v === null) return;
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const child of children) {
      if (count > limit) return;
      visit(child);
    }
  };
  visit(value);
  return count;
}

function compileFilter(
  value: unknown,
  path: string,
  depth: number,
  errors: FieldError[],
): (run: RunSnapshot) => boolean {
  if (!isRecord(value)) {
    errors.push({
      path,
      message: `must be an object such as {"display_name": {"$regex": "^resnet"}}, not ${typeName(value)}`,
    });
    return never;
  }
  const parts: Array<(run: RunSnapshot) => boolean> = [];
  for (const key of Object.keys(value)) {
    const child = value[key];
    const childPath = joinPath(path, key);
    parts.push(
      key.startsWith('$')
        ? compileLogical(key, child, childPath, depth, errors)
        : compileField(key, child, childPath, depth, errors),
    );
  }
  return every(parts);
}

function compileLogical(
  operator: string,
  operand: unknown,
  path: string,
  depth: number,
  errors: FieldError[],
): (run: RunSnapshot) => boolean {
  if (!LOGICAL_OPERATORS.includes(operator)) {
    const hint = FIELD_OPERATORS.includes(operator)
      ? `${operator} applies to a field, as in {"display_name": {"${operator}": …}}`
      : `unknown operator ${operator}; outside a field use $and, $or or $not`;
    errors.push({ path, message: hint });
    return never;
  }
  if (depth + 1 > RUN_FILTER_MAX_DEPTH) {
    errors.push({ path, message: `nests $and / $or / $not deeper than ${RUN_FILTER_MAX_DEPTH} levels` });
    return never;
  }
  if (operator === '$not') {
    const inner = compileFilter(operand, path, depth + 1, errors);
    return (run) => !inner(run);
  }
  if (!Array.isArray(operand)) {
    errors.push({ path, message: `${operator} takes a list of filters, not ${typeName(operand)}` });
    return never;
  }
  if (operator === '$or' && operand.length === 0) {
    errors.push({ path, message: '$or needs at least one filter (an empty $or would match no run)' });
    return never;
  }
  const parts = operand.map((item, i) => compileFilter(item, `${path}[${i}]`, depth + 1, errors));
  return operator === '$and' ? every(parts) : (run) => parts.some((part) => part(run));
}

function compileField(
  name: string,
  condition: unknown,
  path: string,
  depth: number,
  errors: FieldError[],
): (run: RunSnapshot) => boolean {
  const field = resolveField(name, path, errors);
  if (!field) return never;
  const test = compileCondition(field.kind, condition, path, depth, errors);
  return (run) => test(field.get(run));
}

function resolveField(name: string, path: string, errors: FieldError[]): Field | undefined {
  const known = Object.hasOwn(STRING_FIELDS, name) ? STRING_FIELDS[name] : undefined;
  if (known) return known;
  if (name.startsWith('config.')) {
    const segments = name.slice('config.'.length).split('.');
    if (segments.some((s) => s === '')) {
      errors.push({ path, message: `"${name}" has an empty key; write config.<key>.<subkey>` });
      return undefined;
    }
    return { kind: 'config', get: (run) => readConfigPath(run.config, segments) };
  }
  if (name === 'config') {
    errors.push({ path, message: 'name a config key, such as "config.lr" or "config.optimizer.name"' });
    return undefined;
  }
  const squashed = name.toLowerCase().replaceAll(/[^a-z]/g, '');
  const near = [...RUN_FILTER_FIELDS, 'user'].find((f) => f.replaceAll('_', '') === squashed);
  const suggestion = near ? ` (did you mean "${near}"?)` : '';
  errors.push({
    path,
    message: `unknown field "${name}"${suggestion}; fields are display_name, run_id, state, username (or user), tags and config.<key>`,
  });
  return undefined;
}

function compileCondition(
  kind: FieldKind,
  condition: unknown,
  path: string,
  depth: number,
  errors: FieldError[],
): Pred {
  if (!isRecord(condition)) return compileOperator(kind, '$eq', condition, path, errors, path);
  const keys = Object.keys(condition);
  const operatorKeys = keys.filter((k) => k.startsWith('$'));
  if (operatorKeys.length === 0) return compileOperator(kind, '$eq', condition, path, errors, path);
  if (operatorKeys.length !== keys.length) {
    errors.push({
      path,
      message: 'mixes operators ($…) with plain keys; use either a value or an object of operators',
    });
    return never;
  }
  const parts: Pred[] = [];
  for (const operator of keys) {
    const operand = condition[operator];
    const opPath = joinPath(path, operator);
    if (operator === '$options') {
      if (!Object.hasOwn(condition, '$regex'))
        errors.push({ path: opPath, message: '$options needs $regex' });
      continue;
    }
    if (operator === '$regex') {
      parts.push(compileRegex(operand, condition.$options, opPath, joinPath(path, '$options'), errors));
      continue;
    }
    if (operator === '$not') {
      if (depth + 1 > RUN_FILTER_MAX_DEPTH) {
        errors.push({ path: opPath, message: `nests $not deeper than ${RUN_FILTER_MAX_DEPTH} levels` });
        continue;
      }
      if (!isRecord(operand) || Object.keys(operand).length === 0) {
        errors.push({
          path: opPath,
          message: '$not takes an object of operators, such as {"$regex": "^tmp"}',
        });
        continue;
      }
      const inner = compileCondition(kind, operand, opPath, depth + 1, errors);
      parts.push((value) => !inner(value));
      continue;
    }
    parts.push(compileOperator(kind, operator, operand, opPath, errors, path));
  }
  return every(parts);
}

function compileOperator(
  kind: FieldKind,
  operator: string,
  operand: unknown,
  path: string,
  errors: FieldError[],
  fieldPath: string,
): Pred {
  const fail = (message: string): Pred => {
    errors.push({ path, message });
    return never;
  };
  switch (operator) {
    case '$eq':
    case '$ne':
    case '$contains': {
      const problem = operandProblem(kind, operand);
      if (problem) return fail(problem);
      if (operator === '$contains') return (value) => matchesContains(value, operand);
      return operator === '$eq'
        ? (value) => matchesEq(value, operand)
        : (value) => !matchesEq(value, operand);
    }
    case '$in':
    case '$nin': {
      if (!Array.isArray(operand)) return fail(`${operator} takes a list, not ${typeName(operand)}`);
      const before = errors.length;
      operand.forEach((item, i) => {
        const problem = operandProblem(kind, item);
        if (problem) errors.push({ path: `${path}[${i}]`, message: problem });
      });
      if (errors.length > before) return never;
      return operator === '$in'
        ? (value) => matchesIn(value, operand)
        : (value) => !matchesIn(value, operand);
    }
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      if (kind === 'tags') return fail(`tags cannot be ordered; use $contains, $in, $nin or $regex`);
      const ok = typeof operand === 'string' || (kind === 'config' && isFiniteNumber(operand));
      if (!ok) {
        const wanted = kind === 'config' ? 'a number or a string' : 'a string';
        return fail(`${operator} takes ${wanted}, not ${typeName(operand)}`);
      }
      const bound = operand as number | string;
      return (value) => matchesOrder(value, operator as OrderOperator, bound);
    }
    case '$exists': {
      if (typeof operand !== 'boolean') return fail(`$exists takes true or false, not ${typeName(operand)}`);
      return (value) => (value !== undefined) === operand;
    }
    default:
      errors.push({
        path,
        message: LOGICAL_OPERATORS.includes(operator)
          ? `${operator} combines filters, not operators of one field; move it outside ${fieldPath}`
          : `unknown operator ${operator}; use one of ${FIELD_OPERATORS.join(' ')}`,
      });
      return never;
  }
}

/** Why an operand cannot be compared with this kind of field, or undefined when it can. */
function operandProblem(kind: FieldKind, operand: unknown): string | undefined {
  if (kind === 'config')
    return isJsonValue(operand) ? undefined : `expects a JSON value, not ${typeName(operand)}`;
  if (typeof operand !== 'string') return `expects a string, not ${typeName(operand)}`;
  if (kind === 'state' && !(RUN_STATES as readonly string[]).includes(operand)) {
    return `"${operand}" is not a run state; states are ${RUN_STATES.join(', ')}`;
  }
  return undefined;
}

function every<T>(parts: ReadonlyArray<(x: T) => boolean>): (x: T) => boolean {
  if (parts.length === 0) return always;
  if (parts.length === 1 && parts[0]) return parts[0];
  return (x) => parts.every((part) => part(x));
}

/** Appends an object key to a JSON path, bracket-quoting keys that would read ambiguously. */
function joinPath(path: string, key: string): string {
  if (!/^[A-Za-z_$][A-Za-z0-9_$.-]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

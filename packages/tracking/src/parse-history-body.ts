import { type FieldError, invalidFields, jsonDepthExceeds, MAX_JSON_DEPTH } from '@bellwether/core';
import type { HistoryRow } from './log-history.js';

/** The most rows one history request may carry. */
export const MAX_HISTORY_ROWS = 100_000;
const MAX_KEY_LENGTH = 255;
const MAX_ERRORS = 20;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a history body `{"rows":[{"step"?, "timestamp"?, "values"}]}` by hand. This is the
 * hot path of ingest, where a schema library cost more than storing the points; it reports
 * the same 422 field paths the schema would (`rows[3].step`), up to 20 of them.
 */
export function parseHistoryBody(body: unknown): HistoryRow[] {
  const errors: FieldError[] = [];
  const fail = (path: string, message: string) => {
    if (errors.length < MAX_ERRORS) errors.push({ path, message });
  };
  if (!isPlainObject(body))
    throw invalidFields([{ path: '(body)', message: 'must be a JSON object with "rows"' }]);
  for (const key of Object.keys(body)) if (key !== 'rows') fail(key, `unknown field '${key}'`);
  const rows = body.rows;
  if (!Array.isArray(rows)) {
    fail('rows', 'must be an array of history rows');
    throw invalidFields(errors);
  }
  if (rows.length === 0) fail('rows', 'send at least one row');
  if (rows.length > MAX_HISTORY_ROWS) fail('rows', `at most ${MAX_HISTORY_ROWS} rows per request`);
  for (let i = 0; i < rows.length && errors.length < MAX_ERRORS; i++) {
    const row: unknown = rows[i];
    if (!isPlainObject(row)) {
      fail(`rows[${i}]`, 'must be an object with "values"');
      continue;
    }
    for (const key in row) {
      if (key !== 'step' && key !== 'timestamp' && key !== 'values')
        fail(`rows[${i}].${key}`, `unknown field '${key}'`);
    }
    const step = row.step;
    if (step !== undefined && !(Number.isSafeInteger(step) && (step as number) >= 0)) {
      fail(`rows[${i}].step`, 'must be an integer of 0 or more');
    }
    const timestamp = row.timestamp;
    if (
      timestamp !== undefined &&
      !(typeof timestamp === 'number' && Number.isFinite(timestamp) && timestamp >= 0)
    ) {
      fail(`rows[${i}].timestamp`, 'must be UTC milliseconds (a number of 0 or more)');
    }
    const values = row.values;
    if (!isPlainObject(values)) {
      fail(`rows[${i}].values`, 'must be an object of values by key');
      continue;
    }
    for (const key in values) {
      const value = values[key];
      if (typeof value === 'object' && value !== null && jsonDepthExceeds(value)) {
        fail(`rows[${i}].values.${key}`, `must not nest deeper than ${MAX_JSON_DEPTH} levels`);
      }
      if (key.length === 0) fail(`rows[${i}].values`, 'metric keys must not be empty');
      else if (key.length > MAX_KEY_LENGTH)
        fail(`rows[${i}].values`, `metric keys are at most ${MAX_KEY_LENGTH} characters`);
    }
  }
  if (errors.length > 0) throw invalidFields(errors);
  return rows as HistoryRow[];
}

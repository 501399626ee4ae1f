import { RE2JS } from 're2js';
import type { FieldError } from './errors.js';
import { matchesRegex, typeName } from './run-filter-values.js';

/** The longest `$regex` pattern accepted, in characters; compiling is linear but not free. */
export const RUN_FILTER_MAX_REGEX_LENGTH = 1000;

type Pred = (value: unknown) => boolean;
const never = (): boolean => false;

/**
 * Compiles a `$regex` (with its optional `$options` of i, m, s) once, with RE2 semantics so
 * matching is linear in the input; a rejected pattern adds an error carrying RE2's message.
 */
export function compileRegex(
  pattern: unknown,
  options: unknown,
  path: string,
  optionsPath: string,
  errors: FieldError[],
): Pred {
  let flags = 0;
  if (options !== undefined) {
    if (typeof options !== 'string' || !/^[ims]*$/.test(options)) {
      errors.push({ path: optionsPath, message: '$options takes a string of the letters i, m and s' });
      return never;
    }
    if (options.includes('i')) flags |= RE2JS.CASE_INSENSITIVE;
    if (options.includes('m')) flags |= RE2JS.MULTILINE;
    if (options.includes('s')) flags |= RE2JS.DOTALL;
  }
  if (typeof pattern !== 'string') {
    errors.push({ path, message: `$regex takes a string, not ${typeName(pattern)}` });
    return never;
  }
  if (pattern.length > RUN_FILTER_MAX_REGEX_LENGTH) {
    errors.push({ path, message: `the pattern is longer than ${RUN_FILTER_MAX_REGEX_LENGTH} characters` });
    return never;
  }
  try {
    const regex = RE2JS.compile(pattern, flags);
    const test = (text: string): boolean => regex.test(text);
    return (value) => matchesRegex(value, test);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    errors.push({ path, message: `not a valid RE2 regular expression: ${reason}` });
    return never;
  }
}

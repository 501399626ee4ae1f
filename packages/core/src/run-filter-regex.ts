import { RE2JS } from 're2js';
import type { FieldError } from './errors.js';
import { matchesRegex, typeName } from './run-filter-values.js';

/** The longest `$regex` pattern accepted, in characters; compiling is linear but not free. */
export const RUN_FILTER_MAX_REGEX_LENGTH = 1000;

/**
 * The largest compiled RE2 program accepted (instructions). Matching costs about program size ×
 * input length, so a short pattern such as `.{999}` × 64 (64,000 instructions) stalled the server
 * for 80 s on a 100,000-character value; 500 instructions on the 4 KiB a filter reads stay near
 * 20 ms in the worst case measured.
 */
export const MAX_REGEX_PROGRAM_SIZE = 500;

/** How much of a string value a `$regex` reads: its first 4096 characters. */
export const REGEX_MAX_INPUT_CHARS = 4096;

/** Why a compiled pattern is refused (too large a program), or undefined when it is accepted. */
export function regexProgramTooLarge(regex: RE2JS): string | undefined {
  const size = regex.programSize();
  if (size <= MAX_REGEX_PROGRAM_SIZE) return undefined;
  return `the pattern compiles to ${size} instructions, more than ${MAX_REGEX_PROGRAM_SIZE}: use smaller repetition counts`;
}

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
    const tooLarge = regexProgramTooLarge(regex);
    if (tooLarge) {
      errors.push({ path, message: tooLarge });
      return never;
    }
    const test = (text: string): boolean =>
      regex.test(text.length > REGEX_MAX_INPUT_CHARS ? text.slice(0, REGEX_MAX_INPUT_CHARS) : text);
    return (value) => matchesRegex(value, test);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    errors.push({ path, message: `not a valid RE2 regular expression: ${reason}` });
    return never;
  }
}

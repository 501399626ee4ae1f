import { type FieldError, invalidFields } from './errors.js';
import {
  isSecretReference,
  type TemplateNameOptions,
  templateNameProblem,
} from './payload-template-names.js';
import { scanTemplateString } from './payload-template-scan.js';
import { lineAndColumn, parseTemplateText } from './payload-template-text.js';
import {
  escapeJsonStringContent,
  lookupTemplateValue,
  toJsonText,
  toTemplateText,
} from './payload-template-values.js';

/**
 * Webhook payload templates (SPEC §4). A template is either a JSON object, the wire form, where
 * `${name}` may appear inside any string (keys included), or a template text, W&B style, whose
 * placeholders may also stand alone as JSON values (`{"value": ${metric_value}}`). `$${`
 * writes a literal `${`.
 *
 * Rendering inserts a value inside a string as escaped string content (objects and arrays as
 * their JSON text, null and absent values as ''), and a standalone value as JSON (absent as
 * null). Non-finite numbers become "NaN", "Infinity", "-Infinity". `artifact_metadata.KEY`
 * reads one top-level key. Object templates render compactly; template texts keep their layout.
 */

/** A payload template as stored on an automation's GENERIC_WEBHOOK action. */
export type PayloadTemplate = string | Readonly<Record<string, unknown>>;

/** What validatePayloadTemplate checks names against, and the JSON path of the template. */
export interface PayloadTemplateOptions extends TemplateNameOptions {
  path?: string;
}

/** A template whose syntax has been checked, ready to render any number of times. */
export interface CompiledPayloadTemplate {
  /** Every variable and secret name the template reads, without repeats, in order of first use. */
  readonly names: readonly string[];
  /** The JSON text to send for these values (secrets included, under their names). */
  render(values: Readonly<Record<string, unknown>>): string;
}

/** How deeply an object template may nest. */
export const PAYLOAD_TEMPLATE_MAX_DEPTH = 64;

type RenderPiece = { kind: 'text'; text: string } | { kind: 'var'; name: string; raw: boolean };

interface NameUse {
  name: string;
  path: string;
  /** Where in the field, for messages: `at character 4`, `line 2, column 10`. */
  where: string;
}

interface Compiled {
  pieces: RenderPiece[];
  uses: NameUse[];
  errors: FieldError[];
}

/**
 * Checks a template when an automation is saved: it must be a JSON object (a text must parse
 * as one), every placeholder well-formed, and every name a known variable or a secret in
 * `secrets`. Throws a `validation_failed` error naming each problem's path and position.
 */
export function validatePayloadTemplate(template: unknown, options: PayloadTemplateOptions): void {
  const { uses, errors } = compile(template, options.path ?? 'action.payload');
  for (const use of uses) {
    const problem = templateNameProblem(use.name, options);
    if (problem) errors.push({ path: use.path, message: `${use.where}: ${problem}` });
  }
  if (errors.length > 0) throw invalidFields(errors);
}

/**
 * Checks a template's syntax (not its names) and prepares it for rendering. Throws a
 * `validation_failed` error when the syntax is wrong.
 */
export function compilePayloadTemplate(template: unknown, path = 'action.payload'): CompiledPayloadTemplate {
  const { pieces, uses, errors } = compile(template, path);
  if (errors.length > 0) throw invalidFields(errors);
  const names = [...new Set(uses.map((use) => use.name))];
  return {
    names,
    render: (values) =>
      pieces
        .map((piece) => {
          if (piece.kind === 'text') return piece.text;
          const value = lookupTemplateValue(values, piece.name);
          return piece.raw ? toJsonText(value) : escapeJsonStringContent(toTemplateText(value));
        })
        .join(''),
  };
}

/** Renders a template with these values into the JSON text to send. */
export function renderPayloadTemplate(
  template: PayloadTemplate,
  values: Readonly<Record<string, unknown>>,
): string {
  return compilePayloadTemplate(template).render(values);
}

/** The secret names a template reads (names outside the variable catalogue), sorted, for resolving them. */
export function templateSecretNames(template: PayloadTemplate): string[] {
  return compilePayloadTemplate(template)
    .names.filter((name) => isSecretReference(name))
    .sort();
}

function compile(template: unknown, path: string): Compiled {
  const out: Compiled = { pieces: [], uses: [], errors: [] };
  if (typeof template === 'string') compileText(template, path, out);
  else if (isPlainObject(template)) compileValue(template, path, 0, out);
  else
    out.errors.push({ path, message: `must be a JSON object (or a template text), not ${kindOf(template)}` });
  return out;
}

function compileText(text: string, path: string, out: Compiled): void {
  const parsed = parseTemplateText(text);
  const at = (offset: number): string => {
    const { line, column } = lineAndColumn(text, offset);
    return `line ${line}, column ${column}`;
  };
  if (!parsed.ok) {
    out.errors.push({ path, message: `${at(parsed.error.offset)}: ${parsed.error.message}` });
    return;
  }
  for (const piece of parsed.pieces) {
    if (piece.kind === 'text') {
      out.pieces.push(piece);
    } else {
      out.pieces.push({ kind: 'var', name: piece.name, raw: piece.raw });
      out.uses.push({ name: piece.name, path, where: at(piece.offset) });
    }
  }
}

function compileValue(value: unknown, path: string, depth: number, out: Compiled): void {
  const emit = (text: string): void => {
    out.pieces.push({ kind: 'text', text });
  };
  if (typeof value === 'string') {
    compileString(value, path, undefined, out);
  } else if (
    value === null ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  ) {
    emit(JSON.stringify(value));
  } else if (Array.isArray(value) || isPlainObject(value)) {
    if (depth >= PAYLOAD_TEMPLATE_MAX_DEPTH) {
      out.errors.push({ path, message: `nests deeper than ${PAYLOAD_TEMPLATE_MAX_DEPTH} levels` });
      return;
    }
    if (Array.isArray(value)) {
      emit('[');
      value.forEach((item, i) => {
        if (i > 0) emit(',');
        compileValue(item, `${path}[${i}]`, depth + 1, out);
      });
      emit(']');
    } else {
      emit('{');
      Object.keys(value).forEach((key, i) => {
        const childPath = joinPath(path, key);
        if (i > 0) emit(',');
        compileString(key, childPath, key, out);
        emit(':');
        compileValue(value[key], childPath, depth + 1, out);
      });
      emit('}');
    }
  } else {
    out.errors.push({ path, message: `is not a JSON value (${kindOf(value)})` });
  }
}

/** Compiles one JSON string of an object template; `key` is set when the string is an object key. */
function compileString(text: string, path: string, key: string | undefined, out: Compiled): void {
  const where = (offset: number): string => {
    const shown = key !== undefined && key.length > 30 ? `${key.slice(0, 30)}…` : key;
    const inKey = shown === undefined ? '' : `in the key ${JSON.stringify(shown)}, `;
    return `${inKey}at character ${offset + 1}`;
  };
  const { pieces, errors } = scanTemplateString(text);
  for (const error of errors) out.errors.push({ path, message: `${where(error.offset)}: ${error.message}` });
  out.pieces.push({ kind: 'text', text: '"' });
  for (const piece of pieces) {
    if (piece.kind === 'text') {
      out.pieces.push({ kind: 'text', text: escapeJsonStringContent(piece.text) });
    } else {
      out.pieces.push({ kind: 'var', name: piece.name, raw: false });
      out.uses.push({ name: piece.name, path, where: where(piece.offset) });
    }
  }
  out.pieces.push({ kind: 'text', text: '"' });
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return Number.isFinite(value) ? 'a number' : String(value);
  return typeof value === 'object' ? 'an object of another kind' : `a ${typeof value}`;
}

/** Appends an object key to a JSON path, bracket-quoting keys that would read ambiguously. */
function joinPath(path: string, key: string): string {
  return /^[A-Za-z_$@][A-Za-z0-9_$@-]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

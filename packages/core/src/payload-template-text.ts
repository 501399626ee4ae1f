import { readPlaceholder, type TemplateSyntaxError } from './payload-template-scan.js';

/**
 * Parser of template texts: JSON written as text, W&B style, where `${name}` may sit inside a
 * string or stand alone as a value (`{"value": ${metric_value}}`). It checks the JSON grammar
 * with placeholders as values and splits the text into literal source and placeholders, so
 * rendering is concatenation and keeps the author's layout.
 */

/** A piece of a template text: literal JSON source, or a placeholder inside a string or standing as a value. */
export type TextTemplatePiece =
  | { kind: 'text'; text: string }
  | { kind: 'var'; name: string; offset: number; raw: boolean };

/** How deeply objects and arrays may nest in a template text. */
export const TEMPLATE_TEXT_MAX_DEPTH = 64;

class SyntaxProblem {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** Parses a template text; returns its pieces, or the first syntax error. */
export function parseTemplateText(
  text: string,
): { ok: true; pieces: TextTemplatePiece[] } | { ok: false; error: TemplateSyntaxError } {
  const pieces: TextTemplatePiece[] = [];
  let pos = 0;
  let literalStart = 0;

  const fail = (offset: number, message: string): never => {
    throw new SyntaxProblem(offset, message);
  };
  const found = (offset: number): string =>
    offset >= text.length ? 'the end of the template' : JSON.stringify(text[offset]);
  const skipWhitespace = (): void => {
    while (pos < text.length && WHITESPACE.has(text[pos] as string)) pos += 1;
  };
  const flushTo = (end: number): void => {
    if (end > literalStart) pieces.push({ kind: 'text', text: text.slice(literalStart, end) });
  };
  const placeholder = (limit: number, raw: boolean): void => {
    const read = readPlaceholder(text, pos, limit);
    if (!read.ok) fail(read.error.offset, read.error.message);
    flushTo(pos);
    pieces.push({ kind: 'var', name: read.ok ? read.name : '', offset: pos, raw });
    pos = read.end;
    literalStart = pos;
  };

  const value = (depth: number): void => {
    skipWhitespace();
    const c = text[pos];
    if (c === '{' || c === '[') container(c, depth + 1);
    else if (c === '"') string();
    else if (c === '$') rawPlaceholder();
    else if (c !== undefined && /[-0-9]/.test(c)) number();
    else {
      const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, pos));
      if (!word) fail(pos, `expected a JSON value, found ${found(pos)}`);
      pos += word?.length ?? 0;
    }
  };

  const container = (open: '{' | '[', depth: number): void => {
    if (depth > TEMPLATE_TEXT_MAX_DEPTH) fail(pos, `nests deeper than ${TEMPLATE_TEXT_MAX_DEPTH} levels`);
    const close = open === '{' ? '}' : ']';
    pos += 1;
    skipWhitespace();
    if (text[pos] === close) {
      pos += 1;
      return;
    }
    for (;;) {
      if (open === '{') {
        skipWhitespace();
        if (text[pos] !== '"') {
          const hint = text[pos] === '$' ? '; put the placeholder in quotes' : '';
          fail(pos, `expected a quoted key, found ${found(pos)}${hint}`);
        }
        string();
        skipWhitespace();
        if (text[pos] !== ':') fail(pos, `expected ":" after the key, found ${found(pos)}`);
        pos += 1;
      }
      value(depth);
      skipWhitespace();
      if (text[pos] === ',') {
        pos += 1;
        continue;
      }
      if (text[pos] === close) {
        pos += 1;
        return;
      }
      fail(pos, `expected "," or "${close}", found ${found(pos)}`);
    }
  };

  const string = (): void => {
    const start = pos;
    pos += 1;
    for (;;) {
      if (pos >= text.length) fail(start, 'this string is not closed: add a closing "');
      const c = text[pos] as string;
      if (c === '"') {
        pos += 1;
        return;
      }
      if (c === '\\') {
        const next = text[pos + 1];
        if (next === 'u' && /^[0-9A-Fa-f]{4}$/.test(text.slice(pos + 2, pos + 6))) pos += 6;
        else if (next !== undefined && ESCAPES.has(next)) pos += 2;
        else fail(pos, `invalid escape ${JSON.stringify(text.slice(pos, pos + 2))} in a JSON string`);
      } else if (c.charCodeAt(0) < 0x20) {
        fail(pos, 'a JSON string cannot hold a raw line break or control character; write \\n or \\t');
      } else if (text.startsWith('$${', pos)) {
        // Drop the first `$`: the literal source from here on reads `${`.
        flushTo(pos);
        literalStart = pos + 1;
        pos += 3;
      } else if (text.startsWith('${', pos)) {
        placeholder(firstOf(text, pos + 2, '"\n'), false);
      } else {
        pos += 1;
      }
    }
  };

  const rawPlaceholder = (): void => {
    if (!text.startsWith('${', pos)) {
      const hint = text.startsWith('$${', pos) ? ' ($${ writes a literal ${ inside a string)' : '';
      fail(pos, `expected a JSON value, found "$"${hint}`);
    }
    placeholder(firstOf(text, pos + 2, '"\n,:[]{'), true);
  };

  const number = (): void => {
    NUMBER.lastIndex = pos;
    const match = NUMBER.exec(text);
    if (!match) fail(pos, `expected a number, found ${found(pos)}`);
    pos += match ? match[0].length : 0;
  };

  try {
    skipWhitespace();
    if (pos >= text.length) {
      fail(0, `the template is empty; it must be a JSON object such as {"run": "\${run_name}"}`);
    }
    if (text[pos] !== '{') fail(pos, `must be a JSON object: expected "{", found ${found(pos)}`);
    value(0);
    skipWhitespace();
    if (pos < text.length) fail(pos, `unexpected text after the closing "}": ${found(pos)}`);
    flushTo(text.length);
    return { ok: true, pieces };
  } catch (problem) {
    if (problem instanceof SyntaxProblem) {
      return { ok: false, error: { offset: problem.offset, message: problem.message } };
    }
    throw problem;
  }
}

/** The first offset at or after `from` holding one of `chars`, or the text's length. */
function firstOf(text: string, from: number, chars: string): number {
  for (let i = from; i < text.length; i++) {
    if (chars.includes(text[i] as string)) return i;
  }
  return text.length;
}

/** The 1-based line and column of an offset, as editors count them. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

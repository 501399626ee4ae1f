/**
 * Placeholder syntax shared by every template form: `${name}` where name is
 * `[A-Za-z_][A-Za-z0-9_.]*`, and `$${` writes a literal `${` (the `$$` escape of Terraform
 * and Compose, chosen because `\$` is not a valid JSON escape). No other `$` is special.
 */

/** The shape of a variable or secret name inside `${…}`. */
export const TEMPLATE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/** A syntax problem at a character offset (0-based, UTF-16 code units) of the scanned text. */
export interface TemplateSyntaxError {
  offset: number;
  message: string;
}

/** One piece of a template: literal text, or a placeholder and where it starts. */
export type TemplatePiece = { kind: 'text'; text: string } | { kind: 'var'; name: string; offset: number };

/** The outcome of reading one `${…}` at a given offset. */
export type PlaceholderRead =
  | { ok: true; name: string; end: number }
  | { ok: false; error: TemplateSyntaxError; end: number };

const ESCAPE_HINT = 'write $${ for a literal ${';

/**
 * Reads the placeholder whose `${` starts at `start`, looking for `}` no further than `limit`
 * (the end of the enclosing JSON string, say). `end` is the offset just after it.
 */
export function readPlaceholder(text: string, start: number, limit = text.length): PlaceholderRead {
  const close = text.indexOf('}', start + 2);
  if (close < 0 || close >= limit) {
    return {
      ok: false,
      end: limit,
      error: {
        offset: start,
        message: `"\${" is not closed: add } after the variable name, or ${ESCAPE_HINT}`,
      },
    };
  }
  const name = text.slice(start + 2, close);
  if (!TEMPLATE_NAME_PATTERN.test(name)) {
    const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
    return {
      ok: false,
      end: close + 1,
      error: {
        offset: start,
        message: `"\${${shown}}" is not a variable: a name is a letter or _ followed by letters, digits, _ and . (no spaces); ${ESCAPE_HINT}`,
      },
    };
  }
  return { ok: true, name, end: close + 1 };
}

/**
 * Splits a plain string (a JSON string value or key, or a message) into literal text and
 * placeholders, with `$${` turned into `${`. Reports every syntax error found.
 */
export function scanTemplateString(text: string): { pieces: TemplatePiece[]; errors: TemplateSyntaxError[] } {
  const pieces: TemplatePiece[] = [];
  const errors: TemplateSyntaxError[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar < 0) {
      literal += text.slice(i);
      break;
    }
    literal += text.slice(i, dollar);
    if (text.startsWith('$${', dollar)) {
      literal += '${';
      i = dollar + 3;
    } else if (text.startsWith('${', dollar)) {
      const read = readPlaceholder(text, dollar);
      if (read.ok) {
        if (literal) pieces.push({ kind: 'text', text: literal });
        literal = '';
        pieces.push({ kind: 'var', name: read.name, offset: dollar });
      } else {
        errors.push(read.error);
      }
      i = read.end;
    } else {
      literal += '$';
      i = dollar + 1;
    }
  }
  if (literal) pieces.push({ kind: 'text', text: literal });
  return { pieces, errors };
}

import { BODY_PREVIEW_BYTES } from './guarded-client.js';

/** What replaces a secret in anything recorded. */
export const REDACTED = '[REDACTED]';

/** Removes secret values from text before it is stored or logged. */
export interface Redactor {
  /** The text with every known form of every secret replaced by `[REDACTED]`. */
  redact(text: string): string;
  /**
   * A response body as stored: redacted first, then cut to its first {@link BODY_PREVIEW_BYTES}
   * bytes (a secret straddling the cut is gone whole, not left as a prefix).
   */
  redactPreview(text: string): string;
  /** A copy of a header map with every value redacted. */
  redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string>;
}

function jsonEscaped(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

// Python's json.dumps and others escape every non-ASCII character as \uXXXX.
function asciiJsonEscaped(value: string): string {
  return jsonEscaped(value).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Derived forms shorter than this are not matched: they would redact ordinary text. */
const MIN_DERIVED_FORM_LENGTH = 6;

/**
 * The base64 characters that encode only the secret's bytes when it sits at byte offset 0, 1 or 2
 * (mod 3) of a larger text that was encoded whole (an echoed header or body): the characters that
 * straddle the neighbouring bytes differ with them and are left out.
 */
function alignedBase64(bytes: Buffer): string[] {
  const forms: string[] = [];
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes])
      .toString('base64')
      .replace(/=+$/, '');
    const start = Math.ceil((8 * offset) / 6);
    const end = Math.floor((8 * (offset + bytes.length)) / 6);
    const form = encoded.slice(start, end);
    forms.push(form, form.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

/**
 * The ways a secret can show up in a request or response: as is, JSON-escaped, URL-encoded (and
 * every byte percent-encoded), base64 and base64url at each of the three alignments inside a
 * larger encoded text, and hex.
 */
export function secretForms(value: string): string[] {
  const uri = encodeURIComponent(value);
  const bytes = Buffer.from(value, 'utf8');
  const base64 = bytes.toString('base64');
  const base64url = bytes.toString('base64url');
  const hex = bytes.toString('hex');
  const percentAll = hex.replace(/(..)/g, '%$1');
  const derived = [
    ...alignedBase64(bytes),
    hex,
    hex.toUpperCase(),
    percentAll,
    percentAll.toUpperCase(),
  ].filter((form) => form.length >= MIN_DERIVED_FORM_LENGTH);
  return [
    ...derived,
    value,
    jsonEscaped(value),
    asciiJsonEscaped(value),
    asciiJsonEscaped(value).replace(/\\u([0-9a-f]{4})/g, (_, hex: string) => `\\u${hex.toUpperCase()}`),
    uri,
    uri.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    uri.replace(/%20/g, '+'),
    base64,
    base64.replace(/=+$/, ''),
    base64url,
  ];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Creates a redactor for the given secret values (access tokens, signing secrets, Slack tokens).
 * Empty values are ignored. Longer forms are matched first so a secret's base64 form is not left
 * half-redacted because a shorter secret happens to occur inside it.
 */
export function createRedactor(secretValues: readonly string[]): Redactor {
  const forms = [...new Set(secretValues.filter((v) => v !== '').flatMap(secretForms))].filter(
    (form) => form !== '',
  );
  forms.sort((a, b) => b.length - a.length);
  const pattern = forms.length === 0 ? null : new RegExp(forms.map(escapeRegExp).join('|'), 'g');
  const redact = (text: string): string => (pattern ? text.replace(pattern, REDACTED) : text);
  return Object.freeze({
    redact,
    redactPreview: (text: string) => cutUtf8(redact(text), BODY_PREVIEW_BYTES),
    redactHeaders: (headers: Readonly<Record<string, string>>) =>
      Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, redact(value)])),
  });
}

/** The longest prefix of `text` whose UTF-8 encoding fits in `maxBytes` (no character cut in half). */
function cutUtf8(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes) return text;
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  return new TextDecoder('utf-8').decode(bytes.subarray(0, maxBytes), { stream: true });
}

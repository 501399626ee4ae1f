/** What replaces a secret in anything recorded. */
export const REDACTED = '[REDACTED]';

/** Removes secret values from text before it is stored or logged. */
export interface Redactor {
  /** The text with every known form of every secret replaced by `[REDACTED]`. */
  redact(text: string): string;
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

/** The ways a secret can show up in a request or response: as is, JSON-escaped, URL-encoded, base64. */
export function secretForms(value: string): string[] {
  const uri = encodeURIComponent(value);
  const base64 = Buffer.from(value, 'utf8').toString('base64');
  const base64url = Buffer.from(value, 'utf8').toString('base64url');
  return [
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
    redactHeaders: (headers: Readonly<Record<string, string>>) =>
      Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, redact(value)])),
  });
}

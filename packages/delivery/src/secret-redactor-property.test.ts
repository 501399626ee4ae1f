import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BODY_PREVIEW_BYTES } from './guarded-client.js';
import { createRedactor, REDACTED } from './secret-redactor.js';

// Secrets as users store them: printable ASCII tokens, at least 8 characters.
const secretArb = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~'),
  minLength: 8,
  maxLength: 64,
});
const fillerArb = fc.string({ unit: 'binary-ascii', maxLength: 300 });

type Encoding = 'plain' | 'base64' | 'base64url' | 'hex' | 'HEX' | 'percent' | 'PERCENT';
const encodings: Encoding[] = ['plain', 'base64', 'base64url', 'hex', 'HEX', 'percent', 'PERCENT'];

function encode(text: string, how: Encoding): string {
  const bytes = Buffer.from(text, 'utf8');
  switch (how) {
    case 'plain':
      return text;
    case 'base64':
      return bytes.toString('base64');
    case 'base64url':
      return bytes.toString('base64url');
    case 'hex':
      return bytes.toString('hex');
    case 'HEX':
      return bytes.toString('hex').toUpperCase();
    case 'percent':
      return bytes.toString('hex').replace(/(..)/g, '%$1');
    case 'PERCENT':
      return bytes.toString('hex').toUpperCase().replace(/(..)/g, '%$1');
  }
}

/** Decodes what a reader of the stored echo could decode, to look for the secret in it. */
function decodings(stored: string): string[] {
  const out = [stored];
  for (const chunk of stored.split(REDACTED)) {
    out.push(Buffer.from(chunk, 'base64').toString('latin1'));
    out.push(Buffer.from(chunk, 'base64url').toString('latin1'));
    if (/^[0-9a-fA-F]*$/.test(chunk)) out.push(Buffer.from(chunk, 'hex').toString('latin1'));
    try {
      out.push(decodeURIComponent(chunk));
    } catch {}
  }
  return out;
}

describe('redaction of secrets embedded in echoes (issue 14 #3)', () => {
  it('leaves no decodable secret: random secrets at random offsets in random echoes, each encoding', () => {
    fc.assert(
      fc.property(
        secretArb,
        fillerArb,
        fillerArb,
        fc.constantFrom(...encodings),
        (secret, before, after, how) => {
          const echo = `{"echo":"${encode(`${before}${secret}${after}`, how)}"}`;
          const stored = createRedactor([secret]).redact(echo);
          for (const text of decodings(stored)) expect(text).not.toContain(secret);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('redacts before cutting to 4 KiB: a secret straddling byte 4096 leaves no prefix', () => {
    fc.assert(
      fc.property(secretArb, fc.integer({ min: 1, max: 7 }), (secret, inside) => {
        const body = `${'x'.repeat(BODY_PREVIEW_BYTES - inside)}${secret}${'y'.repeat(100)}`;
        const stored = createRedactor([secret]).redactPreview(body);
        expect(Buffer.byteLength(stored)).toBeLessThanOrEqual(BODY_PREVIEW_BYTES);
        expect(stored.endsWith(secret.slice(0, inside))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

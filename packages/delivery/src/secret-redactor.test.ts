import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED } from './secret-redactor.js';

describe('createRedactor', () => {
  const secret = 'to"ken/with+sp ce&ü';
  const redactor = createRedactor([secret, 'xoxb-123-456']);

  it.each([
    ['as is', secret],
    ['JSON-escaped', JSON.stringify(secret).slice(1, -1)],
    ['ASCII JSON-escaped', 'to\\"ken/with+sp ce&\\u00fc'],
    ['URL-encoded', encodeURIComponent(secret)],
    ['form-encoded', encodeURIComponent(secret).replace(/%20/g, '+')],
    ['base64', Buffer.from(secret).toString('base64')],
    ['base64url', Buffer.from(secret).toString('base64url')],
  ])('redacts the secret %s', (_form, text) => {
    const redacted = redactor.redact(`before ${text} after ${text}`);
    expect(redacted).toBe(`before ${REDACTED} after ${REDACTED}`);
  });

  it('redacts every secret in header values', () => {
    expect(
      redactor.redactHeaders({ authorization: 'Bearer xoxb-123-456', 'x-other': 'fine', 'x-echo': secret }),
    ).toEqual({ authorization: `Bearer ${REDACTED}`, 'x-other': 'fine', 'x-echo': REDACTED });
  });

  it('redacts a secret inside a JSON body and an error message', () => {
    const body = JSON.stringify({ token: secret, nested: { t: 'xoxb-123-456' } });
    expect(redactor.redact(body)).not.toContain('ken/with');
    expect(redactor.redact(body)).not.toContain('xoxb-123-456');
    expect(redactor.redact('invalid token xoxb-123-456 given')).toBe(`invalid token ${REDACTED} given`);
  });

  it('leaves text alone when there are no secrets', () => {
    expect(createRedactor(['']).redact('nothing to hide')).toBe('nothing to hide');
    expect(createRedactor([]).redact('nothing to hide')).toBe('nothing to hide');
  });
});

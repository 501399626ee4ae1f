import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { signStandardWebhook, standardWebhookKey } from './standard-webhooks-signer.js';

const body = '{"event_type":"RUN_METRIC_THRESHOLD","run":"résumé-1"}';

describe('signStandardWebhook', () => {
  it('produces headers the standardwebhooks verifier accepts for a whsec_ secret', () => {
    const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
    const headers = signStandardWebhook({
      secret,
      id: 'dlv_01',
      timestampSeconds: Date.now() / 1000,
      body,
    });
    expect(headers['webhook-id']).toBe('dlv_01');
    expect(headers['webhook-timestamp']).toMatch(/^\d+$/);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('produces headers the verifier accepts for a raw secret used as UTF-8 bytes', () => {
    const ascii = 'plain secret, not base64';
    const headers = signStandardWebhook({
      secret: ascii,
      id: 'dlv_02',
      timestampSeconds: Date.now() / 1000,
      body,
    });
    expect(new Webhook(ascii, { format: 'raw' }).verify(body, { ...headers })).toEqual(JSON.parse(body));
    // The verifier reads a raw string as Latin-1 code units, so non-ASCII keys are given as bytes.
    const unicode = 'ünïcode secret — ✓';
    const signed = signStandardWebhook({
      secret: unicode,
      id: 'dlv_02',
      timestampSeconds: Date.now() / 1000,
      body,
    });
    const key = Buffer.from(unicode, 'utf8');
    expect(new Webhook(key, { format: 'raw' }).verify(body, { ...signed })).toEqual(JSON.parse(body));
  });

  it('is rejected by the verifier when the body or the key differs', () => {
    const secret = `whsec_${Buffer.from('k'.repeat(24)).toString('base64')}`;
    const headers = signStandardWebhook({ secret, id: 'dlv_03', timestampSeconds: Date.now() / 1000, body });
    expect(() => new Webhook(secret).verify(`${body} `, { ...headers })).toThrow();
    const other = `whsec_${Buffer.from('j'.repeat(24)).toString('base64')}`;
    expect(() => new Webhook(other).verify(body, { ...headers })).toThrow();
  });

  it('signs the exact id.timestamp.body string with whole seconds', () => {
    const a = signStandardWebhook({
      secret: 'raw',
      id: 'dlv_x',
      timestampSeconds: 1_700_000_000.9,
      body: '{}',
    });
    expect(a['webhook-timestamp']).toBe('1700000000');
    // Reference value computed independently: HMAC-SHA256("raw", "dlv_x.1700000000.{}").
    const expected = createHmac('sha256', 'raw').update('dlv_x.1700000000.{}').digest('base64');
    expect(a['webhook-signature']).toBe(`v1,${expected}`);
  });
});

describe('standardWebhookKey', () => {
  it('decodes the part after whsec_ and uses other values as UTF-8', () => {
    expect(standardWebhookKey(`whsec_${Buffer.from('key!').toString('base64')}`).toString()).toBe('key!');
    expect(standardWebhookKey('whsec').toString()).toBe('whsec');
    expect(standardWebhookKey('ü').length).toBe(2);
  });
});

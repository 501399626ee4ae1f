import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSecretKey } from './load-secret-key.js';
import { createSecretBox, secretKeyFromText } from './secret-box.js';

describe('secret box', () => {
  const box = createSecretBox(secretKeyFromText('a passphrase'));

  it('round-trips a value and never stores it in clear', () => {
    const sealed = box.encrypt('s3cr3t-value');
    expect(sealed).not.toContain('s3cr3t');
    expect(box.encrypt('s3cr3t-value')).not.toBe(sealed);
    expect(box.decrypt(sealed)).toBe('s3cr3t-value');
  });

  it('refuses a value sealed with another key or altered', () => {
    const other = createSecretBox(secretKeyFromText('another passphrase'));
    const sealed = box.encrypt('value');
    expect(() => other.decrypt(sealed)).toThrow();
    const bytes = Buffer.from(sealed, 'base64');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    expect(() => box.decrypt(bytes.toString('base64'))).toThrow();
  });

  it('signs tokens and rejects forged ones', () => {
    const token = box.sign('{"team":"ml"}');
    expect(box.verify(token)).toBe('{"team":"ml"}');
    expect(box.verify(`${token.slice(0, -2)}xx`)).toBeNull();
    expect(createSecretBox(secretKeyFromText('x')).verify(token)).toBeNull();
  });

  it('reads a base64 key of 32 bytes as is and hashes anything else', () => {
    const raw = Buffer.alloc(32, 7);
    expect(secretKeyFromText(raw.toString('base64'))).toEqual(raw);
    expect(secretKeyFromText('short')).toHaveLength(32);
  });
});

describe('secret key loading', () => {
  it('creates a 0600 key file on the first embedded start and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-key-'));
    try {
      const first = loadSecretKey({ envValue: undefined, dataDir: dir, postgres: false });
      expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
      expect(loadSecretKey({ envValue: undefined, dataDir: dir, postgres: false })).toEqual(first);
      expect(readFileSync(join(dir, 'secret.key'), 'utf8').trim()).toBe(first.toString('base64'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('requires BELLWETHER_SECRET_KEY on Postgres', () => {
    expect(() => loadSecretKey({ envValue: undefined, dataDir: '/nonexistent', postgres: true })).toThrow(
      /BELLWETHER_SECRET_KEY must be set/,
    );
    expect(loadSecretKey({ envValue: 'pass', dataDir: '/nonexistent', postgres: true })).toHaveLength(32);
  });
});

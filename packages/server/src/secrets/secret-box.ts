import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/** Encrypts secrets and Slack credentials at rest, and signs short tokens (OAuth state). */
export interface SecretBox {
  /** AES-256-GCM: base64 of iv (12 bytes) ‖ tag (16 bytes) ‖ ciphertext. */
  encrypt(plaintext: string): string;
  /** The plaintext; throws when the text was not sealed with this key or was altered. */
  decrypt(sealed: string): string;
  /** `payload.signature` (base64url HMAC-SHA256 with a key derived from the master key). */
  sign(payload: string): string;
  /** The payload of a token made by {@link SecretBox.sign}, or null when the signature is wrong. */
  verify(token: string): string | null;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The 32-byte master key for a `BELLWETHER_SECRET_KEY` value: the decoded bytes when the value is
 * base64 of exactly 32 bytes (`openssl rand -base64 32`), else SHA-256 of the text as a passphrase.
 */
export function secretKeyFromText(text: string): Buffer {
  const trimmed = text.trim();
  if (/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) {
    const bytes = Buffer.from(trimmed, 'base64');
    if (bytes.length === 32) return bytes;
  }
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Creates a secret box on a 32-byte master key. */
export function createSecretBox(key: Uint8Array): SecretBox {
  if (key.length !== 32) throw new Error('the secret key must be 32 bytes');
  const encryptionKey = Buffer.from(key);
  // A separate key for signatures, so a signed token can never be turned into a decryption oracle.
  const signingKey = createHmac('sha256', encryptionKey).update('bellwether signing key').digest();
  const mac = (payload: string) => createHmac('sha256', signingKey).update(payload).digest('base64url');

  return Object.freeze({
    encrypt(plaintext: string): string {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    decrypt(sealed: string): string {
      const bytes = Buffer.from(sealed, 'base64');
      if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, bytes.subarray(0, IV_BYTES));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    },
    sign(payload: string): string {
      const encoded = Buffer.from(payload, 'utf8').toString('base64url');
      return `${encoded}.${mac(encoded)}`;
    },
    verify(token: string): string | null {
      const dot = token.lastIndexOf('.');
      if (dot <= 0) return null;
      const encoded = token.slice(0, dot);
      const given = Buffer.from(token.slice(dot + 1));
      const expected = Buffer.from(mac(encoded));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      return Buffer.from(encoded, 'base64url').toString('utf8');
    },
  });
}

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { secretKeyFromText } from './secret-box.js';

/** Where the master key comes from. */
export interface SecretKeySource {
  /** `BELLWETHER_SECRET_KEY`, when set. */
  envValue: string | undefined;
  /** The data folder of the embedded (SQLite) deployment, holding `secret.key`. */
  dataDir: string;
  /** Postgres deployments run several processes that must share the key: the env var is required. */
  postgres: boolean;
}

/** The name of the key file the embedded deployment creates in its data folder. */
export const SECRET_KEY_FILE = 'secret.key';

/**
 * The master key: from `BELLWETHER_SECRET_KEY`, else (embedded SQLite only) from
 * `<dataDir>/secret.key`, created with mode 0600 holding 32 random bytes in base64 on the first
 * start. Throws with a message saying what to set when a Postgres deployment has no key.
 */
export function loadSecretKey(source: SecretKeySource): Buffer {
  if (source.envValue !== undefined && source.envValue !== '') return secretKeyFromText(source.envValue);
  if (source.postgres) {
    throw new Error(
      'BELLWETHER_SECRET_KEY must be set when DATABASE_URL is a Postgres database: every process needs the same key to read secrets. Generate one with `openssl rand -base64 32`.',
    );
  }
  const file = join(source.dataDir, SECRET_KEY_FILE);
  try {
    return secretKeyFromText(readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(source.dataDir, { recursive: true });
  const text = `${randomBytes(32).toString('base64')}\n`;
  // 'wx' refuses to overwrite a key another process created a moment ago.
  try {
    writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return secretKeyFromText(readFileSync(file, 'utf8'));
}

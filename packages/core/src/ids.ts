import { randomBytes } from 'node:crypto';

/** The type prefixes of Bellwether's opaque ids, as in Svix (`msg_`, `ep_`). */
export type IdPrefix =
  | 'org'
  | 'usr'
  | 'key'
  | 'ses'
  | 'team'
  | 'prj'
  | 'run'
  | 'col'
  | 'ver'
  | 'reg'
  | 'rcol'
  | 'lnk'
  | 'aut'
  | 'exe'
  | 'dlv'
  | 'att'
  | 'whk'
  | 'slk'
  | 'sec';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/**
 * A new id: prefix, then 48 bits of time and 80 random bits in Crockford base32. Ids sort by
 * creation time, which history paging relies on for stable cursors.
 */
export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  const time = new Uint8Array(6);
  let t = now;
  for (let i = 5; i >= 0; i--) {
    time[i] = t % 256;
    t = Math.floor(t / 256);
  }
  return `${prefix}_${base32(time)}${base32(randomBytes(10))}`;
}

/** Generates ids; injected so tests can control them. */
export type IdGenerator = (prefix: IdPrefix) => string;

import { randomFillSync } from 'node:crypto';

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
  | 'sec'
  | 'oal';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function base32(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (let i = start; i < end; i++) {
    value = ((value << 8) | (bytes[i] as number)) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

// Random bytes are taken from a pool refilled 4 KiB at a time: one call into the CSPRNG per 409
// ids instead of one per id (the call, not the bytes, is what costs), as the uuid package does.
const POOL_SIZE = 4096;
const RANDOM_BYTES = 10;
const pool = new Uint8Array(POOL_SIZE);
let poolOffset = POOL_SIZE;
const time = new Uint8Array(6);

/**
 * A new id: prefix, then 48 bits of time and 80 random bits in Crockford base32. Ids sort by
 * creation time, which history paging relies on for stable cursors.
 */
export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  let t = now;
  for (let i = 5; i >= 0; i--) {
    time[i] = t % 256;
    t = Math.floor(t / 256);
  }
  if (poolOffset + RANDOM_BYTES > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const random = base32(pool, poolOffset, poolOffset + RANDOM_BYTES);
  poolOffset += RANDOM_BYTES;
  return `${prefix}_${base32(time, 0, 6)}${random}`;
}

/** Generates ids; injected so tests can control them. */
export type IdGenerator = (prefix: IdPrefix) => string;

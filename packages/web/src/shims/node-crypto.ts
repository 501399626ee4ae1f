/**
 * The browser stand-in for `node:crypto` in @bellwether/core, whose id helpers import
 * `randomBytes` or `randomFillSync`; the UI never makes ids, but the import must resolve in the
 * bundle.
 */
export function randomBytes(size: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(size));
}

/** Fills a byte array with random values, as `node:crypto`'s `randomFillSync` does. */
export function randomFillSync(buffer: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  return globalThis.crypto.getRandomValues(buffer);
}

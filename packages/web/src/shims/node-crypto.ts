/**
 * The browser stand-in for `node:crypto` in @bellwether/core, whose id helper imports
 * `randomFillSync`; the UI never makes ids, but the import must resolve in the bundle.
 */
export function randomFillSync(buffer: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  return globalThis.crypto.getRandomValues(buffer);
}

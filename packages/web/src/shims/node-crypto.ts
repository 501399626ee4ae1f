/**
 * The browser stand-in for `node:crypto` in @bellwether/core, whose id helpers import
 * `randomBytes`; the UI never makes ids, but the import must resolve in the bundle.
 */
export function randomBytes(size: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(size));
}

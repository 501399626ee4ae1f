import { isIP } from 'node:net';

/** An IP address as bytes: 4 for IPv4, 16 for IPv6. */
export type IpBytes = Uint8Array;

/** A parsed CIDR block: the network's bytes and the prefix length in bits. */
export interface Cidr {
  bytes: IpBytes;
  prefix: number;
  /** The block as written after normalisation, for messages. */
  text: string;
}

/**
 * Strips what may surround an address in a URL or a socket: `[…]` brackets and an IPv6 zone id
 * (`fe80::1%eth0`), which does not change which range the address is in.
 */
export function stripAddressDecorations(address: string): string {
  let text = address.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const zone = text.indexOf('%');
  if (zone >= 0 && text.includes(':')) text = text.slice(0, zone);
  return text;
}

/** Parses a dotted-quad IPv4 address into 4 bytes, or null when it is not one. */
export function parseIpv4(text: string): IpBytes | null {
  if (isIP(text) !== 4) return null;
  return Uint8Array.from(text.split('.').map(Number));
}

/** Parses an IPv6 address (with `::` and an optional dotted IPv4 tail) into 16 bytes, or null. */
export function parseIpv6(text: string): IpBytes | null {
  if (isIP(text) !== 6) return null;
  let body = text.toLowerCase();
  // A dotted IPv4 tail (`::ffff:127.0.0.1`) is two 16-bit groups written another way.
  const lastColon = body.lastIndexOf(':');
  const tail = body.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseIpv4(tail);
    if (!v4) return null;
    const hi = (((v4[0] ?? 0) << 8) | (v4[1] ?? 0)).toString(16);
    const lo = (((v4[2] ?? 0) << 8) | (v4[3] ?? 0)).toString(16);
    body = `${body.slice(0, lastColon + 1)}${hi}:${lo}`;
  }
  const [head = '', rest] = body.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const missing = 8 - headGroups.length - restGroups.length;
  const groups = [...headGroups, ...Array<string>(rest === undefined ? 0 : missing).fill('0'), ...restGroups];
  if (groups.length !== 8) return null;
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    const value = Number.parseInt(group, 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 0xff;
  });
  return bytes;
}

/** Parses either family into bytes, or null when the text is not an IP address. */
export function parseIp(text: string): IpBytes | null {
  const plain = stripAddressDecorations(text);
  return parseIpv4(plain) ?? parseIpv6(plain);
}

/** Formats bytes back into the usual text form (IPv6 without `::` compression). */
export function formatIp(bytes: IpBytes): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return groups.join(':');
}

/** True when the first `prefix` bits of `address` equal those of `network` (same family only). */
export function inCidr(address: IpBytes, network: IpBytes, prefix: number): boolean {
  if (address.length !== network.length) return false;
  let bits = prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((address[i] ?? 0) & mask) !== ((network[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** Parses `address/prefix` (or a bare address, meaning one host) into a CIDR block, or null. */
export function parseCidr(text: string): Cidr | null {
  const [addressText = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return null;
  const bytes = parseIp(addressText);
  if (!bytes) return null;
  const max = bytes.length * 8;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return null;
  return { bytes, prefix, text: `${formatIp(bytes)}/${prefix}` };
}

/**
 * The IPv4 address an IPv6 address stands for, when it embeds one that a connection would in
 * effect reach: IPv4-mapped (`::ffff:a.b.c.d`), NAT64 (`64:ff9b::a.b.c.d`) and 6to4
 * (`2002:AABB:CCDD::`). Null otherwise.
 */
export function embeddedIpv4(bytes: IpBytes): IpBytes | null {
  if (bytes.length !== 16) return null;
  if (inCidr(bytes, MAPPED.bytes, MAPPED.prefix) || inCidr(bytes, NAT64.bytes, NAT64.prefix)) {
    return bytes.slice(12, 16);
  }
  if (inCidr(bytes, SIX_TO_FOUR.bytes, SIX_TO_FOUR.prefix)) return bytes.slice(2, 6);
  return null;
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`), or null. */
export function mappedIpv4(bytes: IpBytes): IpBytes | null {
  return bytes.length === 16 && inCidr(bytes, MAPPED.bytes, MAPPED.prefix) ? bytes.slice(12, 16) : null;
}

function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`bad built-in CIDR ${text}`);
  return parsed;
}

const MAPPED = cidr('::ffff:0:0/96');
const NAT64 = cidr('64:ff9b::/96');
const SIX_TO_FOUR = cidr('2002::/16');

/** Builds a CIDR block from a literal in this package's own range tables. */
export const builtInCidr = cidr;

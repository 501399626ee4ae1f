import { type FieldError, invalidFields } from '@bellwether/core';
import { type Cidr, formatIp, inCidr, mappedIpv4, parseCidr, parseIp } from './ip-address.js';

/**
 * What the admin allows outbound requests to reach despite the SSRF guard
 * (`BELLWETHER_OUTBOUND_ALLOW`): CIDR blocks, exact host names, and `*.suffix` wildcards.
 */
export interface OutboundAllowList {
  readonly cidrs: readonly Cidr[];
  readonly hosts: readonly string[];
  /** Wildcard suffixes, stored with their leading dot (`*.corp` → `.corp`). */
  readonly suffixes: readonly string[];
}

/** An allow-list that allows nothing: the default. */
export const EMPTY_ALLOW_LIST: OutboundAllowList = Object.freeze({ cidrs: [], hosts: [], suffixes: [] });

const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

// An allow-listed `::ffff:10.0.0.0/104` means the IPv4 block; store it as such so one check fits both.
function canonicalCidr(block: Cidr): Cidr {
  if (block.bytes.length === 16 && block.prefix >= 96) {
    const v4 = mappedIpv4(block.bytes);
    if (v4) {
      return { bytes: v4, prefix: block.prefix - 96, text: `${formatIp(v4)}/${block.prefix - 96}` };
    }
  }
  return block;
}

/**
 * Parses the comma-separated allow-list (e.g. `127.0.0.1/32,::1/128,receiver.internal,*.corp`).
 * Throws a validation error naming each bad entry under `path` (e.g. `outbound_allow[2]`).
 */
export function parseOutboundAllowList(text: string | undefined, path = 'outbound_allow'): OutboundAllowList {
  const cidrs: Cidr[] = [];
  const hosts: string[] = [];
  const suffixes: string[] = [];
  const errors: FieldError[] = [];
  const entries = (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  entries.forEach((entry, i) => {
    const looksLikeAddress = entry.includes('/') || entry.includes(':') || parseIp(entry) !== null;
    if (looksLikeAddress) {
      const block = parseCidr(entry);
      if (block) cidrs.push(canonicalCidr(block));
      else
        errors.push({ path: `${path}[${i}]`, message: `"${entry}" is not a valid IP address or CIDR block` });
      return;
    }
    const host = normalizeHost(entry);
    if (host.startsWith('*.') && HOST_NAME.test(host.slice(2))) suffixes.push(host.slice(1));
    else if (HOST_NAME.test(host)) hosts.push(host);
    else errors.push({ path: `${path}[${i}]`, message: `"${entry}" is not a valid host name or CIDR block` });
  });
  if (errors.length > 0) throw invalidFields(errors);
  return Object.freeze({
    cidrs: Object.freeze(cidrs),
    hosts: Object.freeze(hosts),
    suffixes: Object.freeze(suffixes),
  });
}

/** True when the host name is allow-listed by name or by a `*.suffix` wildcard. */
export function allowsHost(list: OutboundAllowList, host: string): boolean {
  const name = normalizeHost(host);
  return list.hosts.includes(name) || list.suffixes.some((suffix) => name.endsWith(suffix));
}

/** True when the address (either family; IPv4-mapped IPv6 counts as IPv4) is in an allowed block. */
export function allowsAddress(list: OutboundAllowList, address: string): boolean {
  const bytes = parseIp(address);
  if (!bytes) return false;
  const mapped = mappedIpv4(bytes);
  const candidates = mapped ? [bytes, mapped] : [bytes];
  return list.cidrs.some((block) => candidates.some((c) => inCidr(c, block.bytes, block.prefix)));
}

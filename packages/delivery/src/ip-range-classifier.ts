import {
  builtInCidr,
  type Cidr,
  embeddedIpv4,
  formatIp,
  inCidr,
  parseIp,
  stripAddressDecorations,
} from './ip-address.js';

/** Why an address is not a public unicast address that webhooks may reach. */
export type RefusedRange =
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'multicast'
  | 'unspecified'
  | 'broadcast'
  | 'documentation'
  | 'reserved';

/** The verdict on one IP address: public (allowed) or in a refused range, with a phrase for messages. */
export type IpClassification =
  | { refused: false; address: string }
  | { refused: true; address: string; range: RefusedRange; description: string };

interface RangeRule {
  cidr: Cidr;
  range: RefusedRange;
  description: string;
}

function rule(text: string, range: RefusedRange, description: string): RangeRule {
  return { cidr: builtInCidr(text), range, description };
}

// First match wins, so narrower blocks come before the wider ones that contain them.
const IPV4_RULES: readonly RangeRule[] = [
  rule('0.0.0.0/32', 'unspecified', 'an unspecified address'),
  rule('0.0.0.0/8', 'reserved', 'a reserved ("this network") address'),
  rule('10.0.0.0/8', 'private', 'a private address'),
  rule('100.64.0.0/10', 'shared', 'a shared (carrier-grade NAT) address'),
  rule('127.0.0.0/8', 'loopback', 'a loopback address'),
  rule('169.254.169.254/32', 'link-local', 'a link-local (cloud metadata) address'),
  rule('169.254.0.0/16', 'link-local', 'a link-local address'),
  rule('172.16.0.0/12', 'private', 'a private address'),
  rule('192.0.0.0/24', 'reserved', 'a reserved (IETF protocol assignments) address'),
  rule('192.0.2.0/24', 'documentation', 'a documentation address'),
  rule('192.88.99.0/24', 'reserved', 'a reserved (6to4 relay) address'),
  rule('192.168.0.0/16', 'private', 'a private address'),
  rule('198.18.0.0/15', 'reserved', 'a reserved (benchmarking) address'),
  rule('198.51.100.0/24', 'documentation', 'a documentation address'),
  rule('203.0.113.0/24', 'documentation', 'a documentation address'),
  rule('224.0.0.0/4', 'multicast', 'a multicast address'),
  rule('255.255.255.255/32', 'broadcast', 'a broadcast address'),
  rule('240.0.0.0/4', 'reserved', 'a reserved address'),
];

const IPV6_RULES: readonly RangeRule[] = [
  rule('::/128', 'unspecified', 'an unspecified address'),
  rule('::1/128', 'loopback', 'a loopback address'),
  rule('fc00::/7', 'private', 'a private (unique local) address'),
  rule('fec0::/10', 'private', 'a private (site-local) address'),
  rule('fe80::/10', 'link-local', 'a link-local address'),
  rule('ff00::/8', 'multicast', 'a multicast address'),
  rule('2001:db8::/32', 'documentation', 'a documentation address'),
  rule('3fff::/20', 'documentation', 'a documentation address'),
  // Teredo and other IETF protocol assignments tunnel to addresses we cannot see.
  rule('2001::/23', 'reserved', 'a reserved (IETF protocol assignments) address'),
];

// Everything outside global unicast (2000::/3) is unassigned or special-purpose.
const IPV6_GLOBAL_UNICAST = builtInCidr('2000::/3');

/**
 * Classifies an IP address (v4 or v6, with or without brackets) as public or refused: loopback,
 * private (RFC 1918, unique local), shared (CGNAT 100.64/10), link-local (incl. the cloud
 * metadata address), multicast, unspecified, broadcast, documentation or otherwise reserved.
 * IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4) are judged by that address, so
 * `::ffff:127.0.0.1` is loopback. Text that is not an IP address is refused as reserved.
 */
export function classifyIp(address: string): IpClassification {
  const bytes = parseIp(address);
  if (!bytes) {
    return { refused: true, address, range: 'reserved', description: 'not an IP address' };
  }
  const v4 = bytes.length === 4 ? bytes : embeddedIpv4(bytes);
  const shown = bytes.length === 4 ? formatIp(bytes) : stripAddressDecorations(address);
  if (v4) {
    const match = IPV4_RULES.find((r) => inCidr(v4, r.cidr.bytes, r.cidr.prefix));
    return match
      ? { refused: true, address: shown, range: match.range, description: match.description }
      : { refused: false, address: shown };
  }
  const match = IPV6_RULES.find((r) => inCidr(bytes, r.cidr.bytes, r.cidr.prefix));
  if (match) return { refused: true, address: shown, range: match.range, description: match.description };
  if (!inCidr(bytes, IPV6_GLOBAL_UNICAST.bytes, IPV6_GLOBAL_UNICAST.prefix)) {
    return { refused: true, address: shown, range: 'reserved', description: 'a reserved address' };
  }
  return { refused: false, address: shown };
}

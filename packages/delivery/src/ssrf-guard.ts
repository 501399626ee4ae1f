import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { BellwetherError } from '@bellwether/core';
import { stripAddressDecorations } from './ip-address.js';
import { classifyIp, type RefusedRange } from './ip-range-classifier.js';
import {
  allowsAddress,
  allowsHost,
  EMPTY_ALLOW_LIST,
  type OutboundAllowList,
  parseOutboundAllowList,
} from './outbound-allow-list.js';

/**
 * An outbound connection the SSRF guard refused: the address is loopback, private, link-local,
 * metadata or otherwise not public, and the admin has not allow-listed it.
 */
export class OutboundRefusedError extends BellwetherError {
  /** The address that was refused. */
  readonly address: string;
  /** The host name that resolved to it, when the URL named a host rather than an address. */
  readonly host: string | null;
  readonly range: RefusedRange;

  constructor(address: string, host: string | null, range: RefusedRange, description: string) {
    const what = host && host !== address ? `${host} resolves to ${address}, which` : address;
    super(
      'outbound_refused',
      422,
      `refused: ${what} is ${description} (allow it with BELLWETHER_OUTBOUND_ALLOW)`,
    );
    this.name = 'OutboundRefusedError';
    this.address = address;
    this.host = host;
    this.range = range;
  }
}

/** Resolves a host name to every address it has, like `dns.lookup(host, { all: true })`. */
export type HostResolver = (
  hostname: string,
  options: LookupOptions & { all: true },
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** Options of {@link createSsrfGuard}. */
export interface SsrfGuardOptions {
  /** The parsed allow-list, or its `BELLWETHER_OUTBOUND_ALLOW` text. Default: allow nothing. */
  allow?: OutboundAllowList | string;
  /** DNS resolution; default `dns.lookup` (what `net.connect` itself would use). */
  resolve?: HostResolver;
}

/** Checks outbound destinations before a socket connects to them. */
export interface SsrfGuard {
  readonly allowList: OutboundAllowList;
  /** The refusal for connecting to `address` (reached through `host`, if named), or null when allowed. */
  checkAddress(address: string, host?: string | null): OutboundRefusedError | null;
  /**
   * The refusal for a URL's host when it is an IP literal, or null. Host names return null here:
   * they are checked after resolution by {@link SsrfGuard.lookup}. `net.connect` skips `lookup`
   * for literals, so callers must call this for them.
   */
  checkHost(host: string): OutboundRefusedError | null;
  /**
   * A `lookup` for `net.connect` / `tls.connect` / `http.Agent` that resolves the host and fails
   * with an {@link OutboundRefusedError} when ANY of its addresses is refused.
   */
  readonly lookup: LookupFunction;
}

const defaultResolve: HostResolver = (hostname, options, callback) => dnsLookup(hostname, options, callback);

/**
 * Creates the SSRF guard. A host name whose DNS answer mixes public and refused addresses is
 * refused as a whole rather than connected to its public part: a mixed answer is what a DNS
 * rebinding attack looks like, and a legitimate receiver never needs one (the admin can
 * allow-list its name). An allow-listed host name skips the address checks entirely.
 */
export function createSsrfGuard(options: SsrfGuardOptions = {}): SsrfGuard {
  const allowList =
    typeof options.allow === 'string'
      ? parseOutboundAllowList(options.allow)
      : (options.allow ?? EMPTY_ALLOW_LIST);
  const resolve = options.resolve ?? defaultResolve;

  const checkAddress = (address: string, host: string | null = null): OutboundRefusedError | null => {
    if (host !== null && isIP(stripAddressDecorations(host)) === 0 && allowsHost(allowList, host))
      return null;
    if (allowsAddress(allowList, address)) return null;
    const verdict = classifyIp(address);
    if (!verdict.refused) return null;
    const hostName = host !== null && isIP(stripAddressDecorations(host)) === 0 ? host : null;
    return new OutboundRefusedError(verdict.address, hostName, verdict.range, verdict.description);
  };

  const checkHost = (host: string): OutboundRefusedError | null => {
    const plain = stripAddressDecorations(host);
    return isIP(plain) === 0 ? null : checkAddress(plain);
  };

  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    const plain = stripAddressDecorations(hostname);
    resolve(plain, { ...lookupOptions, all: true }, (err, addresses) => {
      if (err) {
        callback(err, []);
        return;
      }
      for (const { address } of addresses) {
        const refusal = checkAddress(address, plain);
        if (refusal) {
          callback(refusal, []);
          return;
        }
      }
      const first = addresses[0];
      if (lookupOptions.all) callback(null, addresses);
      else if (first) callback(null, first.address, first.family);
      else callback(Object.assign(new Error(`${plain} has no addresses`), { code: 'ENOTFOUND' }), []);
    });
  };

  return Object.freeze({ allowList, checkAddress, checkHost, lookup });
}

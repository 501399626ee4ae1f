import type { LookupFunction } from 'node:net';
import { invalid } from '@bellwether/core';
import {
  allowsAddress,
  allowsHost,
  createSsrfGuard,
  parseOutboundAllowList,
  type SsrfGuard,
} from '@bellwether/delivery';

/** Cloud metadata endpoints: an allow-list entry reaches them only by naming them exactly. */
const METADATA_ADDRESSES = ['169.254.169.254', 'fd00:ec2::254', '100.100.100.200'];
const METADATA_HOSTS = ['metadata.google.internal', 'metadata.goog', 'metadata'];

/**
 * The SSRF guard of this process, whose allow-list is `BELLWETHER_OUTBOUND_ALLOW` plus the entries
 * organization admins keep in the UI: `guard` reads whichever list is current, so a change applies
 * to the next check without a restart. `apply` installs a new list of UI entries and calls
 * `onChange` with the combined text when it differs (the threaded client restarts its thread on it).
 */
export interface OutboundAllowHolder {
  readonly guard: SsrfGuard;
  /** `BELLWETHER_OUTBOUND_ALLOW`'s text. */
  readonly envText: string;
  apply(entries: readonly string[]): boolean;
}

export function createOutboundAllowHolder(
  envText: string,
  onChange?: (text: string) => void,
): OutboundAllowHolder {
  let text = envText;
  let current = createSsrfGuard({ allow: envText });
  const lookup: LookupFunction = (hostname, options, callback) => current.lookup(hostname, options, callback);
  const guard: SsrfGuard = Object.freeze({
    get allowList() {
      return current.allowList;
    },
    checkAddress: (address: string, host?: string | null) => current.checkAddress(address, host),
    checkHost: (host: string) => current.checkHost(host),
    lookup,
  });
  return {
    guard,
    envText,
    apply(entries) {
      const next = [envText, ...entries].filter((t) => t.trim() !== '').join(',');
      if (next === text) return false;
      // Entries were checked when added; one the parser now refuses must not take the rest down.
      const usable = [envText, ...entries.filter((e) => tryParse(e))]
        .filter((t) => t.trim() !== '')
        .join(',');
      current = createSsrfGuard({ allow: usable });
      text = next;
      onChange?.(usable);
      return true;
    },
  };
}

function tryParse(entry: string): boolean {
  try {
    parseOutboundAllowList(entry);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks one entry an admin adds in the UI (422 at `entry`): one host name, `*.suffix` or CIDR, and
 * never one that reaches a cloud metadata endpoint without naming it (`169.254.0.0/16` is refused,
 * `169.254.169.254/32` is not). Returns the entry as stored (trimmed, lower case).
 */
export function checkAllowEntry(text: string): string {
  const entry = text.trim().toLowerCase();
  if (entry === '') throw invalid('entry', 'must not be empty');
  if (entry.includes(',')) throw invalid('entry', 'one host or CIDR block at a time (no commas)');
  let list: ReturnType<typeof parseOutboundAllowList>;
  try {
    list = parseOutboundAllowList(entry, 'entry');
  } catch {
    throw invalid('entry', `"${entry}" is not a host name, *.suffix, IP address or CIDR block`);
  }
  const block = list.cidrs[0];
  for (const address of METADATA_ADDRESSES) {
    if (!allowsAddress(list, address)) continue;
    const exact = block !== undefined && block.prefix === block.bytes.length * 8;
    if (!exact) {
      throw invalid(
        'entry',
        `covers the cloud metadata address ${address}; allow that address only by naming it (${address})`,
      );
    }
  }
  for (const host of METADATA_HOSTS) {
    if (allowsHost(list, host) && !list.hosts.includes(host)) {
      throw invalid('entry', `covers the cloud metadata host ${host}; allow it only by naming it`);
    }
  }
  return entry;
}

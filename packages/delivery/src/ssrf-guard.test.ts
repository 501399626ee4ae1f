import { connect } from 'node:net';
import { BellwetherError } from '@bellwether/core';
import { describe, expect, it } from 'vitest';
import { classifyIp } from './ip-range-classifier.js';
import { parseOutboundAllowList } from './outbound-allow-list.js';
import { createSsrfGuard, type HostResolver, OutboundRefusedError } from './ssrf-guard.js';

function lookupWith(guard: ReturnType<typeof createSsrfGuard>, host: string, all = false) {
  return new Promise<{ err: Error | null; address: unknown }>((resolve) => {
    guard.lookup(host, { all }, (err, address) => resolve({ err, address }));
  });
}

const fixedResolver =
  (addresses: string[]): HostResolver =>
  (_host, _options, callback) =>
    callback(
      null,
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );

describe('classifyIp', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['fd00::1', 'private'],
    ['100.64.0.1', 'shared'],
    ['169.254.169.254', 'link-local'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['192.0.2.10', 'documentation'],
    ['2001:db8::1', 'documentation'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:a00:1::', 'private'],
    ['100::1', 'reserved'],
    ['not-an-ip', 'reserved'],
  ])('refuses %s as %s', (address, range) => {
    const verdict = classifyIp(address);
    expect(verdict.refused).toBe(true);
    expect(verdict.refused && verdict.range).toBe(range);
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '2606:2800:220:1:248:1893:25c8:1946',
    '::ffff:93.184.216.34',
    '172.32.0.1',
  ])('allows the public address %s', (address) => {
    expect(classifyIp(address).refused).toBe(false);
  });
});

describe('parseOutboundAllowList', () => {
  it('reads CIDRs, bare addresses, host names and wildcards', () => {
    const list = parseOutboundAllowList(' 127.0.0.1/32, ::1/128 ,10.1.2.3,Receiver.Internal.,*.corp ');
    expect(list.cidrs.map((c) => c.text)).toEqual(['127.0.0.1/32', '0:0:0:0:0:0:0:1/128', '10.1.2.3/32']);
    expect(list.hosts).toEqual(['receiver.internal']);
    expect(list.suffixes).toEqual(['.corp']);
  });

  it('names every bad entry by its position', () => {
    let caught: unknown;
    try {
      parseOutboundAllowList('127.0.0.1/33,ok.example,bad host,10.0.0.0/8', 'BELLWETHER_OUTBOUND_ALLOW');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(BellwetherError);
    expect((caught as BellwetherError).errors.map((e) => e.path)).toEqual([
      'BELLWETHER_OUTBOUND_ALLOW[0]',
      'BELLWETHER_OUTBOUND_ALLOW[2]',
    ]);
  });
});

describe('createSsrfGuard', () => {
  const guard = createSsrfGuard();

  it.each([
    ['127.0.0.1', 'refused: 127.0.0.1 is a loopback address (allow it with BELLWETHER_OUTBOUND_ALLOW)'],
    ['10.0.0.1', 'refused: 10.0.0.1 is a private address (allow it with BELLWETHER_OUTBOUND_ALLOW)'],
    ['[::1]', 'refused: ::1 is a loopback address (allow it with BELLWETHER_OUTBOUND_ALLOW)'],
    ['169.254.169.254', 'refused: 169.254.169.254 is a link-local (cloud metadata) address'],
    ['100.64.0.1', 'refused: 100.64.0.1 is a shared (carrier-grade NAT) address'],
    ['fd00::1', 'refused: fd00::1 is a private (unique local) address'],
    ['::ffff:127.0.0.1', 'refused: ::ffff:127.0.0.1 is a loopback address'],
  ])('refuses the literal host %s with a clear message', (host, message) => {
    const refusal = guard.checkHost(host);
    expect(refusal).toBeInstanceOf(OutboundRefusedError);
    expect(refusal?.message).toContain(message);
  });

  it('classifies a public literal as allowed without connecting to it', () => {
    expect(guard.checkHost('93.184.216.34')).toBeNull();
  });

  it('leaves host names to the lookup', () => {
    expect(guard.checkHost('localhost')).toBeNull();
  });

  it('refuses localhost after resolving it to 127.0.0.1', async () => {
    const { err } = await lookupWith(guard, 'localhost');
    expect(err).toBeInstanceOf(OutboundRefusedError);
    expect(err?.message).toBe(
      'refused: localhost resolves to 127.0.0.1, which is a loopback address (allow it with BELLWETHER_OUTBOUND_ALLOW)',
    );
  });

  it('refuses a host when any one of its addresses is refused', async () => {
    const mixed = createSsrfGuard({ resolve: fixedResolver(['93.184.216.34', '10.0.0.7']) });
    const { err } = await lookupWith(mixed, 'rebind.example', true);
    expect(err?.message).toContain('rebind.example resolves to 10.0.0.7');
  });

  it('answers with every address when net.connect asks for all of them', async () => {
    const publicOnly = createSsrfGuard({ resolve: fixedResolver(['93.184.216.34', '2606:2800:220:1::1']) });
    expect(await lookupWith(publicOnly, 'example.com', true)).toEqual({
      err: null,
      address: [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:2800:220:1::1', family: 6 },
      ],
    });
    expect((await lookupWith(publicOnly, 'example.com')).address).toBe('93.184.216.34');
  });

  it('lets allow-listed blocks through, including IPv4-mapped forms of them', async () => {
    const allowed = createSsrfGuard({ allow: '127.0.0.1/32,::1/128,10.0.0.0/8' });
    expect(allowed.checkHost('127.0.0.1')).toBeNull();
    expect(allowed.checkHost('::ffff:127.0.0.1')).toBeNull();
    expect(allowed.checkHost('[::1]')).toBeNull();
    expect(allowed.checkHost('10.200.0.1')).toBeNull();
    expect(allowed.checkHost('127.0.0.2')).toBeInstanceOf(OutboundRefusedError);
    expect(allowed.checkHost('169.254.169.254')).toBeInstanceOf(OutboundRefusedError);
    expect((await lookupWith(allowed, 'localhost')).err).toBeNull();
  });

  it('lets allow-listed host names through whatever they resolve to', async () => {
    const allowed = createSsrfGuard({
      allow: 'receiver.internal,*.corp',
      resolve: fixedResolver(['10.0.0.5']),
    });
    expect((await lookupWith(allowed, 'receiver.internal')).err).toBeNull();
    expect((await lookupWith(allowed, 'hooks.corp')).err).toBeNull();
    expect((await lookupWith(allowed, 'other.internal')).err).toBeInstanceOf(OutboundRefusedError);
  });

  it('stops net.connect before it opens a socket to a refused host name', async () => {
    const err = await new Promise<Error>((resolve) => {
      const socket = connect({ host: 'localhost', port: 9, lookup: guard.lookup });
      socket.on('error', resolve);
    });
    expect(err).toBeInstanceOf(OutboundRefusedError);
  });
});

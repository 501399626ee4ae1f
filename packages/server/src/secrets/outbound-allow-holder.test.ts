import { describe, expect, it } from 'vitest';
import { checkAllowEntry, createOutboundAllowHolder } from './outbound-allow-holder.js';

describe('the outbound allow-list kept in the UI', () => {
  it('refuses entries that reach a cloud metadata endpoint without naming it', () => {
    expect(checkAllowEntry(' 127.0.0.1/32 ')).toBe('127.0.0.1/32');
    expect(checkAllowEntry('Receiver.Internal')).toBe('receiver.internal');
    expect(checkAllowEntry('169.254.169.254')).toBe('169.254.169.254');
    expect(checkAllowEntry('169.254.169.254/32')).toBe('169.254.169.254/32');
    for (const wide of ['169.254.0.0/16', '0.0.0.0/0', '::/0', 'fd00::/8', '100.64.0.0/10']) {
      expect(() => checkAllowEntry(wide), wide).toThrow(/metadata address/);
    }
    expect(() => checkAllowEntry('*.google.internal')).toThrow(/metadata host/);
    expect(checkAllowEntry('metadata.google.internal')).toBe('metadata.google.internal');
    expect(() => checkAllowEntry('a,b')).toThrow(/one host/);
    expect(() => checkAllowEntry('10.0.0.1/99')).toThrow(/not a host name/);
  });

  it('applies a new list to the same guard at once, keeping the environment part', () => {
    const changes: string[] = [];
    const holder = createOutboundAllowHolder('10.1.0.0/16', (text) => changes.push(text));
    const { guard } = holder;
    expect(guard.checkHost('127.0.0.1')).not.toBeNull();
    expect(guard.checkHost('10.1.2.3')).toBeNull();
    expect(holder.apply(['127.0.0.1/32'])).toBe(true);
    expect(guard.checkHost('127.0.0.1')).toBeNull();
    expect(guard.checkHost('10.1.2.3')).toBeNull();
    expect(holder.apply(['127.0.0.1/32'])).toBe(false);
    expect(holder.apply([])).toBe(true);
    expect(guard.checkHost('127.0.0.1')).not.toBeNull();
    expect(changes).toEqual(['10.1.0.0/16,127.0.0.1/32', '10.1.0.0/16']);
  });
});

import { describe, expect, it } from 'vitest';
import {
  decodeRunStatePack,
  encodeRunStatePack,
  type MetricRunEntries,
  PACK_HEAD_LENGTH,
  packHead,
} from './run-state-pack.js';

const TOKEN = 'a'.repeat(32);

describe('run state pack', () => {
  it('round-trips edge states and window values bit for bit, NaN, infinities and -0 included', () => {
    const entries: MetricRunEntries = new Map([
      [
        'aut_1',
        {
          armed: false,
          lastFiredAt: 1_700_000_000_123,
          lastStep: 41,
          metric: 'loss "val"\n',
          values: [1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1e-310],
          live: null,
        },
      ],
      ['aut_2', { armed: true, lastFiredAt: null, lastStep: null, metric: 'acc', values: [], live: null }],
    ]);
    const text = encodeRunStatePack(TOKEN, entries);
    expect(text.slice(0, PACK_HEAD_LENGTH)).toBe(packHead(TOKEN));
    const decoded = decodeRunStatePack(text);
    expect([...decoded.keys()]).toEqual(['aut_1', 'aut_2']);
    const first = decoded.get('aut_1');
    expect(first).toMatchObject({
      armed: false,
      lastFiredAt: 1_700_000_000_123,
      lastStep: 41,
      metric: 'loss "val"\n',
    });
    const values = Array.from(first?.values ?? []);
    expect(values).toHaveLength(6);
    expect(values.map((v) => Object.is(v, -0))).toEqual([false, false, false, false, true, false]);
    expect(values.slice(0, 4)).toEqual([1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    expect(values[5]).toBe(1e-310);
    expect(decoded.get('aut_2')).toMatchObject({
      armed: true,
      lastFiredAt: null,
      lastStep: null,
      metric: 'acc',
    });
    expect(Array.from(decoded.get('aut_2')?.values ?? [])).toEqual([]);
  });

  it('reads a pack written before the last evaluated step was kept as having none', () => {
    const old = `${packHead(TOKEN)},"e":[["aut_1",1,null,"loss",0]],"b":""}`;
    expect(decodeRunStatePack(old).get('aut_1')).toMatchObject({ armed: true, lastStep: null });
  });

  it('starts every pack with its own token, so packs of different writes never share a head', () => {
    const entries: MetricRunEntries = new Map();
    const a = encodeRunStatePack('b'.repeat(32), entries);
    const b = encodeRunStatePack('c'.repeat(32), entries);
    expect(a.slice(0, PACK_HEAD_LENGTH)).not.toBe(b.slice(0, PACK_HEAD_LENGTH));
    expect(decodeRunStatePack(a).size).toBe(0);
  });
});

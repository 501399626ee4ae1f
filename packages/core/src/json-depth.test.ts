import { describe, expect, it } from 'vitest';
import { jsonDepthExceeds } from './json-depth.js';

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

describe('jsonDepthExceeds', () => {
  it('accepts values up to the limit and refuses deeper ones', () => {
    expect(jsonDepthExceeds(nested(3), 3)).toBe(false);
    expect(jsonDepthExceeds(nested(4), 3)).toBe(true);
    expect(jsonDepthExceeds({ a: 1, b: [1, 2, { c: null }] }, 3)).toBe(false);
  });

  it('walks a million levels without overflowing the stack', () => {
    expect(jsonDepthExceeds(nested(1_000_000))).toBe(true);
  });
});

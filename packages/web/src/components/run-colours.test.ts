import { describe, expect, it } from 'vitest';
import { INTEGER_INCREMENTS, runColour } from './run-colours.js';

describe('run colours', () => {
  it('gives every one of 200 runs its own colour', () => {
    const colours = Array.from({ length: 200 }, (_, i) => runColour(i));
    expect(new Set(colours).size).toBe(200);
    expect(new Set(colours.slice(0, 7)).size).toBe(7);
  });

  it('ticks steps at whole numbers only', () => {
    expect(INTEGER_INCREMENTS.slice(0, 4)).toEqual([1, 2, 5, 10]);
    expect(INTEGER_INCREMENTS.every((n) => Number.isInteger(n))).toBe(true);
  });
});

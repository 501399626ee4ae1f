import { describe, expect, it } from 'vitest';
import { initialEdgeState, stepEdge, takeRate } from './firing-controls.js';

describe('stepEdge', () => {
  it('fires on a turn to true and re-arms only after false', () => {
    const state = initialEdgeState();
    const outcomes = ([1, 1, -1, 1, 0, -1, 1] as const).map((t, i) => stepEdge(state, t, i, 0));
    expect(outcomes).toEqual(['fire', 'none', 'none', 'none', 'none', 'none', 'fire']);
  });

  it('swallows a turn to true inside the cooldown and stays disarmed until false', () => {
    const state = initialEdgeState();
    expect(stepEdge(state, 1, 0, 100)).toBe('fire');
    expect(stepEdge(state, 0, 10, 100)).toBe('none');
    expect(stepEdge(state, 1, 20, 100)).toBe('swallow');
    expect(stepEdge(state, 1, 200, 100)).toBe('none');
    expect(stepEdge(state, 0, 210, 100)).toBe('none');
    expect(stepEdge(state, 1, 220, 100)).toBe('fire');
    expect(state.lastFiredAt).toBe(220);
  });
});

describe('takeRate', () => {
  it('allows the limit per fixed minute, then counts the rest as over, and resets next minute', () => {
    const state = { minute: -1, count: 0 };
    expect([0, 1, 2].map((t) => takeRate(state, 2, 60_000 + t))).toEqual([true, true, false]);
    expect(takeRate(state, 2, 120_000)).toBe(true);
    expect(state).toEqual({ minute: 2, count: 1 });
  });
});

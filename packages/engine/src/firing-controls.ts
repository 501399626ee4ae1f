import type { Truth } from './metric-condition.js';
import { FALSE, TRUE } from './metric-condition.js';

/** The edge-trigger and cooldown state of one (automation, run); JSON-safe. */
export interface EdgeState {
  /** Whether a turn to true fires (false after a turn to true, until the condition is false again). */
  armed: boolean;
  /** When this automation last fired for this run (UTC ms), for the cooldown. */
  lastFiredAt: number | null;
  /**
   * The highest step evaluated for this (automation, run), or null before the first. A point at or
   * below it is stored but not evaluated again: a batch re-sent after a lost answer, or a step
   * logged again, cannot fire a second time.
   */
  lastStep: number | null;
}

/** A fresh (automation, run): armed, never fired, no step evaluated. */
export function initialEdgeState(): EdgeState {
  return { armed: true, lastFiredAt: null, lastStep: null };
}

/** What a step of the edge trigger did: fired, swallowed by the cooldown, or nothing. */
export type EdgeOutcome = 'fire' | 'swallow' | 'none';

/**
 * One evaluation through the edge trigger and the per-run cooldown, updating `state` in place.
 * A turn to true fires unless within `cooldownMs` of the last firing, where it is swallowed; both
 * disarm until the condition is false again. "Not yet evaluable" changes nothing.
 */
export function stepEdge(state: EdgeState, truth: Truth, now: number, cooldownMs: number): EdgeOutcome {
  if (truth === FALSE) {
    state.armed = true;
    return 'none';
  }
  if (truth !== TRUE || !state.armed) return 'none';
  state.armed = false;
  if (state.lastFiredAt !== null && cooldownMs > 0 && now - state.lastFiredAt < cooldownMs) return 'swallow';
  state.lastFiredAt = now;
  return 'fire';
}

/** The per-automation rate-limit state: firings counted in the current fixed minute; JSON-safe. */
export interface RateState {
  /** floor(now / 60 000) of the minute counted. */
  minute: number;
  count: number;
}

/**
 * Counts one firing against the per-minute limit (fixed 60 s windows), updating `state` in place;
 * returns whether it is within the limit. Firings past it are still counted and recorded as
 * `skipped`, never lost.
 */
export function takeRate(state: RateState, limitPerMinute: number, now: number): boolean {
  const minute = Math.floor(now / 60_000);
  if (state.minute !== minute) {
    state.minute = minute;
    state.count = 0;
  }
  state.count++;
  return state.count <= limitPerMinute;
}

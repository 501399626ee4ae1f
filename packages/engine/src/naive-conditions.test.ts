import type { MetricPoint } from '@bellwether/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompiledMetricAutomation } from './compile-automation.js';
import { naiveConditionTruths, naiveFiringIndices } from './naive-conditions.js';
import { compileEvent, EngineHarness, historyEvent, truthsOf } from './test-fixtures.js';

const value = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 3, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
  { weight: 2, arbitrary: fc.integer({ min: -4, max: 4 }).map((d) => 1e12 + d * 0.25) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1e300, -1e300, 1e200, 1.7e308, -1.7e308, 0.1, 0.2, 0.3) },
);
const window = fc.integer({ min: 1, max: 20 });
const direction = fc.constantFrom('INCREASE', 'DECREASE', 'ANY');
const agg = fc.constantFrom('AVERAGE', 'MIN', 'MAX');

const thresholdEvent = fc
  .record({
    agg: fc.constantFrom('AVERAGE', 'MIN', 'MAX', null),
    window,
    cmp: fc.constantFrom('$gt', '$gte', '$lt', '$lte', '$eq', '$ne'),
    threshold: fc.oneof(
      fc.constantFrom(0, 1, -1, 2, 0.1, 1e12, 0.2),
      fc.double({ min: -10, max: 10, noNaN: true }),
    ),
  })
  .map(({ agg, window, ...rest }) => ({
    type: 'RUN_METRIC_THRESHOLD',
    metric: { name: 'loss', agg, ...(agg === null ? {} : { window }), ...rest },
  }));
const changeEvent = fc
  .record({
    current_window: window,
    prior_window: window,
    agg,
    change_type: fc.constantFrom('RELATIVE', 'ABSOLUTE'),
    direction,
    amount: fc.oneof(fc.constantFrom(0.5, 1, 2), fc.double({ min: 0.001, max: 5, noNaN: true })),
  })
  .map((metric) => ({ type: 'RUN_METRIC_CHANGE', metric: { name: 'loss', ...metric } }));
const zscoreEvent = fc
  .record({
    window,
    direction,
    threshold: fc.oneof(fc.constantFrom(1, 2), fc.double({ min: 0.01, max: 4, noNaN: true })),
  })
  .map((metric) => ({ type: 'RUN_METRIC_ZSCORE', metric: { name: 'loss', ...metric } }));

describe('incremental conditions against the from-scratch reference', () => {
  it('give the same truth after every value', () => {
    fc.assert(
      fc.property(
        fc.oneof(thresholdEvent, changeEvent, zscoreEvent),
        fc.array(value, { maxLength: 80 }),
        (wire, values) => {
          const automation = compileEvent({ ...wire, cooldown_seconds: 0 }) as CompiledMetricAutomation;
          expect(truthsOf(automation.event, values)).toEqual(naiveConditionTruths(automation.event, values));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('fire at exactly the steps the reference says, across batches, cooldowns and saved states', () => {
    const batch = fc.record({
      values: fc.array(value, { maxLength: 12 }),
      noise: fc.array(value, { maxLength: 3 }),
      secondsLater: fc.integer({ min: 0, max: 6 }),
    });
    fc.assert(
      fc.property(
        fc.oneof(thresholdEvent, changeEvent, zscoreEvent),
        fc.constantFrom(0, 3, 10),
        fc.array(batch, { maxLength: 12 }),
        (wire, cooldown, batches) => {
          const automation = compileEvent({
            ...wire,
            cooldown_seconds: cooldown,
          }) as CompiledMetricAutomation;
          const engine = new EngineHarness([automation]);
          const all: number[] = [];
          const times: number[] = [];
          const fired: number[] = [];
          let now = 1_700_000_000_000;
          for (const b of batches) {
            now += b.secondsLater * 1000;
            const event = historyEvent(b.values, { firstStep: all.length, at: now });
            // Points of other metrics are interleaved and must be ignored.
            const noise: MetricPoint[] = b.noise.map((v) => ({
              key: 'acc',
              step: -1,
              value: v,
              timestamp: now,
            }));
            event.points.splice(Math.floor(event.points.length / 2), 0, ...noise);
            for (const firing of engine.feed(event, now)) fired.push(firing.snapshot.step as number);
            all.push(...b.values);
            times.push(...b.values.map(() => now));
          }
          const truths = naiveConditionTruths(automation.event, all);
          expect(fired).toEqual(naiveFiringIndices(truths, times, cooldown * 1000));
        },
      ),
      { numRuns: 250 },
    );
  });
});

import type { Comparator, MetricEventSpec } from '@bellwether/core';

const OPERATORS: Readonly<Record<Comparator, string>> = {
  $gt: '>',
  $gte: '>=',
  $lt: '<',
  $lte: '<=',
  $eq: '==',
  $ne: '!=',
};
const AGG_NAMES = { AVERAGE: 'avg', MIN: 'min', MAX: 'max' } as const;

/** Human text of a metric condition: `metric_filter` ("avg(loss) over last 5 > 2") and its short form. */
export function describeMetricCondition(event: MetricEventSpec): { filter: string; short: string } {
  switch (event.type) {
    case 'RUN_METRIC_THRESHOLD': {
      const m = event.metric;
      const short = `${m.name} ${OPERATORS[m.cmp]} ${m.threshold}`;
      if (m.agg === null) return { filter: short, short };
      const filter = `${AGG_NAMES[m.agg]}(${m.name}) over last ${m.window} ${OPERATORS[m.cmp]} ${m.threshold}`;
      return { filter, short };
    }
    case 'RUN_METRIC_CHANGE': {
      const m = event.metric;
      const amount = m.change_type === 'RELATIVE' ? `${m.amount * 100}%` : `${m.amount}`;
      const verb = { INCREASE: 'increased', DECREASE: 'decreased', ANY: 'changed' }[m.direction];
      const sign = { INCREASE: '+', DECREASE: '-', ANY: '±' }[m.direction];
      return {
        filter: `${AGG_NAMES[m.agg]}(${m.name}) over last ${m.current_window} ${verb} by at least ${amount} vs the prior ${m.prior_window}`,
        short: `${m.name} ${sign}${amount}`,
      };
    }
    case 'RUN_METRIC_ZSCORE': {
      const m = event.metric;
      const short =
        m.direction === 'ANY'
          ? `|z(${m.name})| >= ${m.threshold}`
          : `z(${m.name}) ${m.direction === 'INCREASE' ? '>=' : '<='} ${m.direction === 'INCREASE' ? '' : '-'}${m.threshold}`;
      return { filter: `z-score of ${m.name} vs the previous ${m.window} values: ${short}`, short };
    }
  }
}

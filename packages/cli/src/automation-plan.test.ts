import { parseAutomationInput } from '@bellwether/core';
import { describe, expect, it } from 'vitest';
import { formatAutomationFile, parseAutomationFile } from './automation-file.js';
import { formatPlan, planApply, planIsEmpty } from './automation-plan.js';

const yaml = `
team: ml
automations:
  - name: loss
    scope: {type: project, team: ml, project: cifar}
    event: {type: RUN_METRIC_THRESHOLD, metric: {name: loss, window: 5, agg: AVERAGE, cmp: $gt, threshold: 2}}
    action: {type: NO_OP}
  - name: failed
    scope: {type: project, team: ml, project: cifar}
    event: {type: RUN_STATE, states: [failed, failed]}
    action: {type: NO_OP}
`;

const remote = (id: string, automation: object) => ({
  id,
  details_hidden: false,
  ...parseAutomationInput(automation),
});

describe('planning an apply', () => {
  it('fills defaults on both sides so a server copy of the file plans nothing', () => {
    const file = parseAutomationFile(yaml, 'a.yaml');
    const current = file.automations.map((a, i) => remote(`aut_${i}`, a));
    const plan = planApply(file.automations, current, { prune: true });
    expect(planIsEmpty(plan)).toBe(true);
    expect(plan.unchanged).toEqual(['loss', 'failed']);
    expect(formatPlan(plan)).toEqual(['No changes.']);
  });

  it('names added, changed (field by field) and removed automations', () => {
    const file = parseAutomationFile(yaml, 'a.yaml');
    const [loss] = file.automations;
    const current = [
      remote('aut_1', {
        ...loss,
        event: { ...loss?.event, metric: { name: 'loss', agg: 'AVERAGE', cmp: '$gt', threshold: 1 } },
      }),
      remote('aut_2', { ...loss, name: 'old' }),
    ];
    const plan = planApply(file.automations, current, { prune: true });
    expect(formatPlan(plan)).toEqual(['+ failed', '~ loss', '    event.metric.threshold: 1 → 2', '- old']);
    expect(planApply(file.automations, current, { prune: false }).kept).toEqual(['old']);
  });

  it('exports a file that parses back to the same automations', () => {
    const file = parseAutomationFile(yaml, 'a.yaml');
    for (const format of ['yaml', 'json'] as const) {
      expect(parseAutomationFile(formatAutomationFile(file, format), `x.${format}`)).toEqual(file);
    }
  });

  it('refuses duplicate names and invalid fields with their path', () => {
    expect(() =>
      parseAutomationFile(
        `${yaml}  - name: loss\n    scope: {type: team, team: ml}\n    event: {type: RUN_STATE, states: [failed]}\n    action: {type: NO_OP}\n`,
        'd.yaml',
      ),
    ).toThrow(/automations\[2\]\.name: 'loss' appears twice/);
    expect(() =>
      parseAutomationFile(
        'automations: [{name: x, scope: {type: team, team: ml}, event: {type: NOPE}, action: {type: NO_OP}}]',
        'b.yaml',
      ),
    ).toThrow(/automations\[0\]\.event\.type/);
  });
});

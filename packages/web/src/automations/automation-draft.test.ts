import { parseAutomationInput } from '@bellwether/core';
import { describe, expect, it } from 'vitest';
import {
  draftFieldOfPath,
  draftFromAutomation,
  draftToInput,
  eventOf,
  newDraft,
} from './automation-draft.js';
import { describeRunFilter } from './automation-summary.js';

const scope = { type: 'project', team: 'ml', project: 'cifar' };

describe('the automation draft', () => {
  it('starts the bell on every run of the project: the plotted runs are a choice, not the default', () => {
    const draft = newDraft(scope, 'loss', ['r1', 'r2']);
    expect(draft.runFilterMode).toBe('all');
    expect(draftToInput(draft).event).not.toHaveProperty('run_filter');
    expect(describeRunFilter(eventOf(draft), 'project')).toBe('all runs of the project, new ones included');
    const only = { ...draft, runFilterMode: 'selected' as const };
    expect(describeRunFilter(eventOf(only), 'project', new Map([['r1', 'cnn-1']]))).toBe(
      'only the 2 runs cnn-1, r2 (new runs never)',
    );
  });

  it('turns "average of the last 5 loss > 2" on the selected runs into a valid wire automation', () => {
    const draft = { ...newDraft(scope, 'loss', ['r1', 'r2']), threshold: '2', webhookId: 'whk_1' };
    draft.runFilterMode = 'selected';
    draft.actionType = 'GENERIC_WEBHOOK';
    draft.payload = '{"value": ${metric_value}, "run": "${run_name}"}';
    const input = draftToInput(draft);
    expect(input.event).toEqual({
      type: 'RUN_METRIC_THRESHOLD',
      metric: { name: 'loss', window: 5, agg: 'AVERAGE', cmp: '$gt', threshold: 2 },
      run_filter: { $and: [{ run_id: { $in: ['r1', 'r2'] } }] },
      cooldown_seconds: 86400,
    });
    expect(input.action).toMatchObject({ type: 'GENERIC_WEBHOOK', payload: draft.payload });
    expect(() => parseAutomationInput(input)).not.toThrow();
  });

  it('round-trips a change automation with a name regex and a Slack action through the wire shape', () => {
    const draft = newDraft(scope, 'acc');
    Object.assign(draft, {
      name: 'acc drop',
      eventType: 'RUN_METRIC_CHANGE',
      direction: 'DECREASE',
      amount: '0.1',
      runFilterMode: 'regex',
      nameRegex: '^resnet',
      slackIntegrationId: 'slk_1',
      title: 'acc fell',
      message: '${run_name}',
      severity: 'WARN',
    });
    const input = draftToInput(draft) as Parameters<typeof draftFromAutomation>[0];
    expect(draftToInput(draftFromAutomation(input))).toEqual(input);
    expect(() => parseAutomationInput(input)).not.toThrow();
  });

  it('sends a number the user mistyped as text so the API names the field', () => {
    const draft = { ...newDraft(scope, 'loss'), threshold: 'two' };
    expect((draftToInput(draft).event as { metric: { threshold: unknown } }).metric.threshold).toBe('two');
  });

  it('maps API error paths to the fields of the form, z-score windows included', () => {
    expect(draftFieldOfPath('event.metric.window', 'RUN_METRIC_THRESHOLD')).toBe('window');
    expect(draftFieldOfPath('event.metric.window', 'RUN_METRIC_ZSCORE')).toBe('zWindow');
    expect(draftFieldOfPath('action.payload', 'RUN_METRIC_THRESHOLD')).toBe('payload');
    expect(draftFieldOfPath('scope.x', 'RUN_METRIC_THRESHOLD')).toBeUndefined();
  });
});

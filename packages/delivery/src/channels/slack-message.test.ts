import { describe, expect, it } from 'vitest';
import { buildSlackMessage, escapeSlackText, SEVERITY_COLORS, summarizeEvent } from './slack-message.js';

const event = {
  type: 'RUN_METRIC_THRESHOLD',
  run_id: 'abc123',
  run_name: 'resnet <b>&',
  metric_name: 'loss',
  metric_values: [2.5, Number.NaN, 3],
  step: 120,
  author: 'ada',
  ignored_key: 'not shown',
};

describe('escapeSlackText', () => {
  it('escapes &, < and > so user text cannot mention or link', () => {
    expect(escapeSlackText('<!channel> & <http://x|y>')).toBe('&lt;!channel&gt; &amp; &lt;http://x|y&gt;');
  });
});

describe('summarizeEvent', () => {
  it('picks the key facts in order and ignores the rest', () => {
    expect(summarizeEvent(event)).toEqual([
      ['Event', 'RUN_METRIC_THRESHOLD'],
      ['Run', 'resnet <b>&'],
      ['Metric', 'loss'],
      ['Values', '2.5, null, 3'],
      ['Step', '120'],
      ['By', 'ada'],
    ]);
  });

  it('reads camelCase snapshots and artifact events too', () => {
    expect(
      summarizeEvent({
        eventType: 'ADD_ARTIFACT_ALIAS',
        artifactVersionString: 'ml/cifar/model:v3',
        alias: 'prod',
      }),
    ).toEqual([
      ['Event', 'ADD_ARTIFACT_ALIAS'],
      ['Artifact', 'ml/cifar/model:v3'],
      ['Alias', 'prod'],
    ]);
  });
});

describe('buildSlackMessage', () => {
  const message = buildSlackMessage({
    title: 'Loss spiked on resnet',
    message: 'loss > 2 for <run> & friends',
    severity: 'ERROR',
    event,
    linkUrl: 'https://bellwether.example/executions/exe_1?a=1&b=2',
  });

  it('puts the title in a header and colours the attachment by severity', () => {
    expect(message.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Loss spiked on resnet', emoji: true } },
    ]);
    expect(message.attachments[0]?.color).toBe(SEVERITY_COLORS.ERROR);
    expect(SEVERITY_COLORS.INFO).not.toBe(SEVERITY_COLORS.WARN);
  });

  it('carries the escaped message, the event summary and the link button', () => {
    const blocks = message.attachments[0]?.blocks ?? [];
    expect(blocks[0]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: 'loss &gt; 2 for &lt;run&gt; &amp; friends' },
    });
    expect(blocks[1]?.type).toBe('context');
    expect(blocks[1]?.elements).toContainEqual({ type: 'mrkdwn', text: '*Run:* resnet &lt;b&gt;&amp;' });
    expect(blocks[2]).toMatchObject({
      type: 'actions',
      elements: [{ type: 'button', url: 'https://bellwether.example/executions/exe_1?a=1&b=2' }],
    });
  });

  it('has a plain text fallback with the severity, title, message and link', () => {
    expect(message.text).toContain('[ERROR] Loss spiked on resnet');
    expect(message.text).toContain('loss &gt; 2');
    expect(message.text).toContain('View in Bellwether: https://bellwether.example/executions/exe_1');
    expect(message.attachments[0]?.fallback).toContain('loss > 2 for <run>');
  });

  it('falls back to a title and skips an empty message section', () => {
    const bare = buildSlackMessage({
      title: ' ',
      message: '',
      severity: 'WARN',
      event: {},
      linkUrl: 'https://b.example/',
    });
    expect(bare.blocks[0]).toMatchObject({ text: { text: 'Bellwether WARN' } });
    expect(bare.attachments[0]?.blocks.map((b) => b.type)).toEqual(['actions']);
    expect(bare.attachments[0]?.color).toBe(SEVERITY_COLORS.WARN);
  });
});

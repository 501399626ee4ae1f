/** The severity of a NOTIFICATION action, shown as the message's colour bar. */
export type SlackSeverity = 'INFO' | 'WARN' | 'ERROR';

/** Slack's own brand colours: green for INFO, amber for WARN, red for ERROR. */
export const SEVERITY_COLORS: Readonly<Record<SlackSeverity, string>> = Object.freeze({
  INFO: '#2EB67D',
  WARN: '#ECB22E',
  ERROR: '#E01E5A',
});

/** A Block Kit block (the subset this package builds, loosely typed like Slack's own `Block`). */
export interface SlackBlock {
  type: string;
  [key: string]: unknown;
}

/** A legacy attachment used only for its colour bar; its content is blocks. */
export interface SlackAttachment {
  color: string;
  fallback: string;
  blocks: SlackBlock[];
}

/** A message body for `chat.postMessage` or an incoming webhook (no channel). */
export interface SlackMessage {
  /** Plain fallback for notifications and clients that cannot show blocks. */
  text: string;
  blocks: SlackBlock[];
  attachments: SlackAttachment[];
}

/** What a NOTIFICATION action sends, with its title and message already rendered. */
export interface SlackMessageInput {
  title: string;
  message: string;
  severity: SlackSeverity;
  /**
   * The execution's event snapshot (`{ type, author, run_id, run_name, metric_name,
   * metric_values, … }`, snake_case or camelCase); its key facts become the event summary.
   */
  event: Readonly<Record<string, unknown>>;
  /** Where "View in Bellwether" leads (the execution or the automation). */
  linkUrl: string;
}

/** Escapes the three characters Slack's mrkdwn treats as control characters (&, <, >). */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

// The facts worth a glance, in display order; the first present key of each row is shown.
const FACTS: ReadonlyArray<{ label: string; keys: readonly string[] }> = [
  { label: 'Event', keys: ['type', 'event_type'] },
  { label: 'Project', keys: ['project_name', 'project'] },
  { label: 'Run', keys: ['run_name', 'run_id', 'run'] },
  { label: 'Artifact', keys: ['artifact_version_string', 'artifact_version', 'artifact'] },
  { label: 'Metric', keys: ['metric_name', 'metric'] },
  { label: 'Value', keys: ['metric_value'] },
  { label: 'Values', keys: ['metric_values'] },
  { label: 'Step', keys: ['step'] },
  { label: 'State', keys: ['run_status', 'state', 'to'] },
  { label: 'Alias', keys: ['alias'] },
  { label: 'Tag', keys: ['tag'] },
  { label: 'By', keys: ['author', 'event_author'] },
];

// Slack allows at most 10 elements in one context block.
const MAX_CONTEXT_ELEMENTS = 10;

function snakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

function formatFact(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return truncate(value, 150);
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    const shown = value
      .slice(0, 5)
      .map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v))));
    return truncate(`${shown.join(', ')}${value.length > 5 ? ', …' : ''}`, 150);
  }
  return truncate(JSON.stringify(value) ?? String(value), 150);
}

/** The event summary's facts as `[label, value]` pairs, in display order (at most 10). */
export function summarizeEvent(event: Readonly<Record<string, unknown>>): Array<[string, string]> {
  const byKey = new Map(Object.entries(event).map(([key, value]) => [snakeCase(key), value]));
  const facts: Array<[string, string]> = [];
  for (const { label, keys } of FACTS) {
    const value = keys.map((key) => formatFact(byKey.get(key))).find((v) => v !== null);
    if (value !== undefined && facts.length < MAX_CONTEXT_ELEMENTS) facts.push([label, value]);
  }
  return facts;
}

/**
 * Builds the Block Kit message of a NOTIFICATION: the title as a header, then a coloured
 * attachment (by severity) holding the message, the event summary and a "View in Bellwether"
 * button, plus a plain `text` fallback for notifications. User text is escaped so `<!channel>`
 * or `<http://x|y>` in a run name stays literal.
 */
export function buildSlackMessage(input: SlackMessageInput): SlackMessage {
  const title = truncate(input.title.trim() || `Bellwether ${input.severity}`, 150);
  const facts = summarizeEvent(input.event);
  const attachmentBlocks: SlackBlock[] = [];
  if (input.message.trim() !== '') {
    attachmentBlocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(escapeSlackText(input.message), 3000) },
    });
  }
  if (facts.length > 0) {
    attachmentBlocks.push({
      type: 'context',
      elements: facts.map(([label, value]) => ({
        type: 'mrkdwn',
        text: `*${label}:* ${escapeSlackText(value)}`,
      })),
    });
  }
  attachmentBlocks.push({
    type: 'actions',
    elements: [
      {
        type: 'button',
        text: { type: 'plain_text', text: 'View in Bellwether' },
        url: input.linkUrl,
        action_id: 'view_in_bellwether',
      },
    ],
  });
  const plainFacts = facts.map(([label, value]) => `${label}: ${value}`).join(' · ');
  const fallback = [
    `[${input.severity}] ${title}`,
    input.message.trim(),
    plainFacts,
    `View in Bellwether: ${input.linkUrl}`,
  ]
    .filter((part) => part !== '')
    .join('\n');
  return {
    text: escapeSlackText(truncate(fallback, 3000)),
    blocks: [{ type: 'header', text: { type: 'plain_text', text: title, emoji: true } }],
    attachments: [
      {
        color: SEVERITY_COLORS[input.severity],
        fallback: truncate(fallback, 3000),
        blocks: attachmentBlocks,
      },
    ],
  };
}

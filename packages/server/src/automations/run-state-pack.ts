import type { CompiledMetricAutomation, EdgeState, MetricCondition } from '@bellwether/engine';

/**
 * The condition state of one (metric automation, run): the edge trigger (mutated in place by the
 * engine), the metric its values belong to, and the values themselves, either as saved or, once
 * the automation has been evaluated in this process, as a live condition object.
 */
export interface MetricRunEntry extends EdgeState {
  metric: string;
  /** The saved window values, oldest first (only read while `live` is null). */
  values: ArrayLike<number>;
  /** The live condition and the compiled automation (by identity) it was built for. */
  live: { automation: CompiledMetricAutomation; condition: MetricCondition } | null;
  /** The entry's id and metric as JSON fragments of its encoded form, made once. */
  json?: { prefix: string; metric: string; suffix: string };
}

/** Every entry of a run's pack, by automation id. */
export type MetricRunEntries = Map<string, MetricRunEntry>;

/** Characters of the version token each pack starts with (a UUID without dashes). */
export const PACK_TOKEN_LENGTH = 32;

/** The text a pack with `token` starts with: what a cache compares with the stored pack's head. */
export function packHead(token: string): string {
  return `{"t":"${token}"`;
}

/** How many characters `packHead` spans. */
export const PACK_HEAD_LENGTH = packHead('x'.repeat(PACK_TOKEN_LENGTH)).length;

// [automation id, armed (1/0), last fired at (ms or null), metric, number of values, last step
// evaluated (or null; absent in packs written before it was kept)]
type EncodedEntry = [string, number, number | null, string, number, (number | null)?];

interface EncodedPack {
  t: string;
  e: EncodedEntry[];
  /** Every entry's values in entry order, as little-endian float64 in base64: exact (NaN, ±∞, −0). */
  b: string;
}

/** The values an entry holds now: the live condition's, or the saved ones. */
export function heldValuesOf(entry: MetricRunEntry): ArrayLike<number> {
  return entry.live ? entry.live.condition.heldValues() : entry.values;
}

/**
 * Encodes a run's entries as one compact JSON text starting with `token` (see `packHead`): the
 * edge states as small arrays and all window values as one base64 block, so a batch's save is one
 * short string and one row, however many automations the run has. Built by hand (ids and metric
 * names through JSON.stringify, once per entry) because it runs on every history batch.
 */
export function encodeRunStatePack(token: string, entries: MetricRunEntries): string {
  const held: ArrayLike<number>[] = [];
  let total = 0;
  let e = '';
  for (const [id, entry] of entries) {
    const values = heldValuesOf(entry);
    held.push(values);
    total += values.length;
    if (entry.json === undefined || entry.json.metric !== entry.metric) {
      entry.json = {
        prefix: `[${JSON.stringify(id)},`,
        metric: entry.metric,
        suffix: `,${JSON.stringify(entry.metric)},`,
      };
    }
    const fired = entry.lastFiredAt === null ? 'null' : String(entry.lastFiredAt);
    const step = entry.lastStep === null ? 'null' : String(entry.lastStep);
    e += `${e === '' ? '' : ','}${entry.json.prefix}${entry.armed ? 1 : 0},${fired}${entry.json.suffix}${values.length},${step}]`;
  }
  const all = new Float64Array(total);
  let offset = 0;
  for (const values of held) {
    for (let i = 0; i < values.length; i++) all[offset + i] = values[i] as number;
    offset += values.length;
  }
  const b = Buffer.from(all.buffer, all.byteOffset, all.byteLength).toString('base64');
  return `${packHead(token)},"e":[${e}],"b":"${b}"}`;
}

/** Decodes a pack written by `encodeRunStatePack` into entries without live conditions. */
export function decodeRunStatePack(text: string): MetricRunEntries {
  const pack = JSON.parse(text) as EncodedPack;
  const bytes = Buffer.from(pack.b, 'base64');
  const entries: MetricRunEntries = new Map();
  let offset = 0;
  for (const [id, armed, lastFiredAt, metric, count, lastStep] of pack.e) {
    const values = new Float64Array(count);
    for (let i = 0; i < count; i++) values[i] = bytes.readDoubleLE((offset + i) * 8);
    offset += count;
    entries.set(id, {
      armed: armed === 1,
      lastFiredAt,
      lastStep: lastStep ?? null,
      metric,
      values,
      live: null,
    });
  }
  return entries;
}

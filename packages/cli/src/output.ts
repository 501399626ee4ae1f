/** Where a command writes: stdout for results, stderr for progress and errors. */
export interface Output {
  json: boolean;
  out(text: string): void;
  err(text: string): void;
}

/** Standard output of the process, in JSON or for people. */
export function processOutput(json: boolean): Output {
  return {
    json,
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  };
}

/** Formats rows as an aligned table with a header; cells are stringified, null shows as `-`. */
export function formatTable(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cells = rows.map((row) => row.map((v) => (v === null || v === undefined ? '-' : String(v))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...cells.map(line)].join('\n');
}

/** Prints `data` as JSON, or the table made of it for people. */
export function printResult(
  output: Output,
  data: unknown,
  table: () => { columns: string[]; rows: unknown[][] },
): void {
  if (output.json) {
    output.out(JSON.stringify(data, null, 2));
    return;
  }
  const { columns, rows } = table();
  output.out(rows.length === 0 ? '(none)' : formatTable(columns, rows));
}

/** A time in milliseconds as an ISO string, or `-`. */
export function isoTime(ms: number | null | undefined): string {
  return typeof ms === 'number' ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : '-';
}

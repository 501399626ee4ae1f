import { createInterface } from 'node:readline';
import { init, type LoggedValue } from '@bellwether/sdk';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { contextOf } from '../command-context.js';

/** One line of input: `{"loss":0.5}`, or `{"step":3,"values":{"loss":0.5}}` to set the step. */
function parseLine(line: string, lineNo: number): { step?: number; values: Record<string, LoggedValue> } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new CliError(`line ${lineNo}: not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError(`line ${lineNo}: expected a JSON object of values`);
  }
  const row = value as Record<string, unknown>;
  if (typeof row.values === 'object' && row.values !== null && !Array.isArray(row.values)) {
    const step = row.step;
    if (step !== undefined && !(Number.isSafeInteger(step) && (step as number) >= 0)) {
      throw new CliError(`line ${lineNo}: "step" must be an integer ≥ 0`);
    }
    return {
      ...(step !== undefined ? { step: step as number } : {}),
      values: row.values as Record<string, LoggedValue>,
    };
  }
  return { values: row as Record<string, LoggedValue> };
}

/** `bellwether log`: JSON lines from stdin into a run, batched, with progress on stderr. */
export function registerLogCommand(program: Command): void {
  program
    .command('log')
    .description('Log JSON lines from stdin into a run (created when new), batched')
    .requiredOption('--project <project>', 'the project')
    .requiredOption('--run <runId>', 'the run id (created when new, resumed otherwise)')
    .option('--team <team>', 'the team')
    .option('--name <displayName>', 'the run display name')
    .option('--batch <rows>', 'rows per request', '1000')
    .option('--finish', 'mark the run finished at the end of input')
    .addHelpText(
      'after',
      '\nEach line is {"loss":0.5} (next step) or {"step":3,"values":{"loss":0.5}}.\n' +
        'Example:\n  python train.py | bellwether log --team ml --project cifar --run r1 --finish',
    )
    .action(
      async (
        options: {
          project: string;
          run: string;
          team?: string;
          name?: string;
          batch: string;
          finish?: boolean;
        },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const connection = ctx.connection();
        const run = await init({
          team: ctx.team(options.team),
          project: options.project,
          runId: options.run,
          baseUrl: connection.url,
          ...(connection.apiKey ? { apiKey: connection.apiKey } : {}),
          ...(options.name ? { displayName: options.name } : {}),
          maxBatchRows: Math.max(1, Number.parseInt(options.batch, 10) || 1000),
          finishOnExit: false,
        });
        let rows = 0;
        let lastReport = Date.now();
        const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
        for await (const line of lines) {
          if (line.trim() === '') continue;
          const row = parseLine(line, rows + 1);
          run.log(row.values, row.step === undefined ? {} : { step: row.step });
          rows += 1;
          if (run.pending >= 50_000) await run.flush();
          if (Date.now() - lastReport >= 1000) {
            lastReport = Date.now();
            ctx.output.err(`logged ${rows} rows (${run.pending} pending)`);
          }
        }
        let result: Awaited<ReturnType<typeof run.finish>> | null = null;
        if (options.finish) result = await run.finish();
        else await run.flush();
        const failed = result?.failedBatches ?? run.failedBatches;
        const failedRows = failed.reduce((n, b) => n + b.rows, 0);
        const summary = {
          run_id: run.runId,
          rows,
          failed_rows: failedRows,
          state: result?.state ?? 'running',
        };
        if (ctx.output.json) ctx.output.out(JSON.stringify(summary));
        else
          ctx.output.err(
            `logged ${rows} rows to run ${run.runId}${options.finish ? ` (${summary.state})` : ''}`,
          );
        if (failedRows > 0) {
          const first = failed[0]?.error.message ?? '';
          throw new CliError(`${failedRows} rows were refused: ${first}`);
        }
      },
    );
}

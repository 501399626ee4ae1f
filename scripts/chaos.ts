// npm run chaos — the long chaos run: 5,000 firings through three server processes on one
// Postgres schema (two api+worker, one worker) while a random process is SIGKILLed every 1–3 s
// and restarted; then the same on SQLite with its one process killed again and again. Prints the
// counts and exits 1 if any promise broke (a firing lost or duplicated, a delivery lost or stuck).
// Postgres runs when BELLWETHER_TEST_POSTGRES_URL is set. Flags: --firings N, --sqlite-only,
// --seconds S (driving time, default 120), --verbose, --naive (re-send failed history batches blindly, as a naive client would: shows the double-fire).
import { type ChaosReport, runChaos } from '../packages/server/src/reliability/chaos-scenario.js';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const firings = Number(args[args.indexOf('--firings') + 1] ?? 5000) || 5000;
const postgresUrl = flag('--sqlite-only') ? undefined : process.env.BELLWETHER_TEST_POSTGRES_URL;
const verbose = flag('--verbose');
const seconds = Number(args[args.indexOf('--seconds') + 1] ?? 120) || 120;
// A SIGINT or SIGTERM still runs the exit handler that SIGKILLs the server processes.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

function broken(report: ChaosReport): string[] {
  const problems: string[] = [];
  if (!report.drained) problems.push('the queue did not drain');
  if (report.firings !== report.driver.crossings)
    problems.push(`${report.firings} firings for ${report.driver.crossings} crossings`);
  if (report.duplicateExecutions > 0) problems.push(`${report.duplicateExecutions} duplicate executions`);
  if (report.lost > 0) problems.push(`${report.lost} deliveries lost`);
  if (report.stuck > 0) problems.push(`${report.stuck} stuck`);
  if (report.inconsistent > 0) problems.push(`${report.inconsistent} inconsistent arrivals`);
  return problems;
}

async function one(label: string, options: Parameters<typeof runChaos>[0]): Promise<boolean> {
  process.stdout.write(`${label}: ${options.firings} firings, ${options.roles.join(' + ')}\n`);
  const report = await runChaos(options);
  const { driver, ...counts } = report;
  process.stdout.write(
    `  firings ${counts.firings}  received ${counts.received}  duplicates ${counts.duplicates}  ` +
      `lost ${counts.lost}  duplicate executions ${counts.duplicateExecutions}  stuck ${counts.stuck}\n` +
      `  kills ${counts.kills}  batches retried ${driver.retried} (committed anyway ${driver.committedAnyway})  ` +
      `${counts.seconds.toFixed(1)} s\n`,
  );
  const problems = broken(report);
  process.stdout.write(problems.length ? `  BROKEN: ${problems.join('; ')}\n` : '  all promises kept\n');
  return problems.length === 0;
}

const common = {
  firings,
  naive: flag('--naive'),
  drainTimeoutMs: 120_000,
  ...(verbose
    ? { log: (line: string) => process.stdout.write(`  ${new Date().toISOString()} ${line}\n`) }
    : {}),
};
let ok = true;
if (postgresUrl) {
  ok =
    (await one('Postgres', {
      ...common,
      postgresUrl,
      roles: ['all', 'all', 'worker'],
      runs: 20,
      durationMs: seconds * 1000,
      killEveryMs: [1000, 3000],
    })) && ok;
} else {
  process.stdout.write('Postgres skipped: set BELLWETHER_TEST_POSTGRES_URL\n');
}
ok =
  (await one('SQLite', {
    ...common,
    roles: ['all'],
    runs: 20,
    durationMs: seconds * 1000,
    killEveryMs: [1000, 3000],
  })) && ok;
process.exit(ok ? 0 : 1);

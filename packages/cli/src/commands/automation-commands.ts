import { readFileSync, writeFileSync } from 'node:fs';
import { parseAutomationInput } from '@bellwether/core';
import type { Command } from 'commander';
import { apiRequest, seg } from '../api-request.js';
import { definitionOf, formatAutomationFile, parseAutomationFile } from '../automation-file.js';
import { formatPlan, planApply, planIsEmpty, type RemoteAutomation } from '../automation-plan.js';
import type { Connection } from '../cli-config.js';
import { CliError, usageError } from '../cli-error.js';
import { type CommandContext, contextOf } from '../command-context.js';
import { isoTime, printResult } from '../output.js';

interface Automation extends RemoteAutomation {
  enabled: boolean;
  event: { type: string };
  action: { type: string };
  scope: Record<string, string>;
  last_execution_at: number | null;
}

const listOf = async (connection: Connection, team: string) =>
  (await apiRequest<{ automations: Automation[] }>(connection, 'GET', `/teams/${seg(team)}/automations`))
    .automations;

/** Finds an automation by id (`aut_…`) or by name in the team. */
async function resolveAutomation(ctx: CommandContext, ref: string, teamFlag?: string): Promise<Automation> {
  if (ref.startsWith('aut_'))
    return apiRequest<Automation>(ctx.connection(), 'GET', `/automations/${seg(ref)}`);
  const found = (await listOf(ctx.connection(), ctx.team(teamFlag))).find((a) => a.name === ref);
  if (!found) throw new CliError(`No automation named '${ref}' in team '${ctx.team(teamFlag)}'.`);
  return found;
}

function scopeText(scope: Record<string, string>): string {
  const { type, ...rest } = scope;
  return `${type}:${Object.values(rest).join('/')}`;
}

function readInput(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw usageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** `bellwether automations list|get|create|apply|export|enable|disable|delete`. */
export function registerAutomationCommands(program: Command): void {
  const automations = program
    .command('automations')
    .description('Automations of a team; automations as code');

  automations
    .command('list')
    .description("List a team's automations")
    .option('--team <team>', 'the team')
    .action(async (options: { team?: string }, command: Command) => {
      const ctx = contextOf(command);
      const list = await listOf(ctx.connection(), ctx.team(options.team));
      printResult(ctx.output, list, () => ({
        columns: ['id', 'name', 'scope', 'event', 'action', 'enabled', 'last execution'],
        rows: list.map((a) => [
          a.id,
          a.name,
          scopeText(a.scope),
          a.event.type,
          a.action.type,
          a.enabled ? 'yes' : 'no',
          isoTime(a.last_execution_at),
        ]),
      }));
    });

  automations
    .command('get <idOrName>')
    .description('Show one automation (by id, or by name in the team)')
    .option('--team <team>', 'the team (for names)')
    .action(async (ref: string, options: { team?: string }, command: Command) => {
      const ctx = contextOf(command);
      const automation = await resolveAutomation(ctx, ref, options.team);
      ctx.output.out(JSON.stringify(automation, null, 2));
    });

  automations
    .command('create')
    .description('Create one automation from a JSON or YAML file (- for stdin)')
    .requiredOption('-f, --file <file>', 'the automation (SPEC §8 wire format)')
    .option('--team <team>', 'the team')
    .action(async (options: { file: string; team?: string }, command: Command) => {
      const ctx = contextOf(command);
      const file = parseAutomationFile(readInput(options.file), options.file);
      const body = file.automations[0];
      if (file.automations.length !== 1 || !body)
        throw usageError(`${options.file}: create takes exactly one automation`);
      const team = ctx.team(options.team ?? teamOfScope(body?.scope));
      const created = await apiRequest<Automation>(
        ctx.connection(),
        'POST',
        `/teams/${seg(team)}/automations`,
        body,
      );
      if (ctx.output.json) ctx.output.out(JSON.stringify(created, null, 2));
      else ctx.output.out(`Created ${created.id} (${created.name})`);
    });

  automations
    .command('apply')
    .description('Make the team match a file of automations: prints the diff, then applies it')
    .requiredOption('-f, --file <file>', 'YAML or JSON: { team, automations: [...] }')
    .option('--team <team>', "the team (default: the file's team)")
    .option('--prune', 'delete automations the file does not have')
    .option('--dry-run', 'print the diff only')
    .action(
      async (
        options: { file: string; team?: string; prune?: boolean; dryRun?: boolean },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const file = parseAutomationFile(readInput(options.file), options.file);
        const team = ctx.team(options.team ?? file.team);
        const current = (await listOf(ctx.connection(), team)).filter((a) => !a.details_hidden);
        const plan = planApply(file.automations, current, { prune: options.prune === true });
        if (!ctx.output.json) for (const line of formatPlan(plan)) ctx.output.out(line);
        if (!options.dryRun) {
          for (const a of plan.added)
            await apiRequest(ctx.connection(), 'POST', `/teams/${seg(team)}/automations`, a);
          for (const c of plan.changed) {
            await apiRequest(ctx.connection(), 'PATCH', `/automations/${seg(c.id)}`, c.automation);
          }
          for (const r of plan.removed)
            await apiRequest(ctx.connection(), 'DELETE', `/automations/${seg(r.id)}`);
        }
        if (ctx.output.json) {
          ctx.output.out(
            JSON.stringify({
              team,
              applied: !options.dryRun,
              added: plan.added.map((a) => a.name),
              changed: plan.changed.map((c) => ({ name: c.name, changes: c.changes })),
              removed: plan.removed.map((r) => r.name),
              unchanged: plan.unchanged,
              kept: plan.kept,
            }),
          );
        } else if (!planIsEmpty(plan)) {
          ctx.output.out(options.dryRun ? 'Dry run: nothing applied.' : 'Applied.');
        }
      },
    );

  automations
    .command('export')
    .description("Write the team's automations as a file that `apply` takes back with no diff")
    .option('--team <team>', 'the team')
    .option('-o, --output <file>', 'the file to write (default: stdout); .json writes JSON')
    .option('--format <format>', 'yaml or json (default: from the file name, else yaml)')
    .action(async (options: { team?: string; output?: string; format?: string }, command: Command) => {
      const ctx = contextOf(command);
      const team = ctx.team(options.team);
      const list = (await listOf(ctx.connection(), team)).filter((a) => !a.details_hidden);
      const format =
        options.format ?? (ctx.output.json || options.output?.endsWith('.json') ? 'json' : 'yaml');
      if (format !== 'yaml' && format !== 'json') throw usageError('--format must be yaml or json');
      const text = formatAutomationFile(
        { team, automations: list.map((a) => parseAutomationInput(definitionOf(a))) },
        format,
      );
      if (options.output) {
        writeFileSync(options.output, text);
        ctx.output.err(`Wrote ${list.length} automation(s) to ${options.output}`);
      } else ctx.output.out(text);
    });

  for (const [name, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    automations
      .command(`${name} <idOrName>`)
      .description(`${name === 'enable' ? 'Enable' : 'Disable'} an automation`)
      .option('--team <team>', 'the team (for names)')
      .action(async (ref: string, options: { team?: string }, command: Command) => {
        const ctx = contextOf(command);
        const automation = await resolveAutomation(ctx, ref, options.team);
        const updated = await apiRequest<Automation>(
          ctx.connection(),
          'PATCH',
          `/automations/${seg(automation.id)}`,
          {
            enabled,
          },
        );
        if (ctx.output.json) ctx.output.out(JSON.stringify(updated, null, 2));
        else ctx.output.out(`${updated.name}: ${enabled ? 'enabled' : 'disabled'}`);
      });
  }

  automations
    .command('delete <idOrName>')
    .description('Delete an automation (its history stays)')
    .option('--team <team>', 'the team (for names)')
    .action(async (ref: string, options: { team?: string }, command: Command) => {
      const ctx = contextOf(command);
      const automation = await resolveAutomation(ctx, ref, options.team);
      await apiRequest(ctx.connection(), 'DELETE', `/automations/${seg(automation.id)}`);
      if (ctx.output.json) ctx.output.out(JSON.stringify({ deleted: automation.id, name: automation.name }));
      else ctx.output.out(`Deleted ${automation.id} (${automation.name})`);
    });
}

function teamOfScope(scope: unknown): string | undefined {
  const team = (scope as { team?: unknown } | undefined)?.team;
  return typeof team === 'string' ? team : undefined;
}

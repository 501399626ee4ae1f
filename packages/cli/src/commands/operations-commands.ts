import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { apiRequest, seg } from '../api-request.js';
import { usageError } from '../cli-error.js';
import { contextOf } from '../command-context.js';
import { isoTime, printResult } from '../output.js';
import { readStdin } from '../read-stdin.js';

interface Execution {
  id: string;
  automation_id: string;
  automation_name: string | null;
  status: string;
  reason: string;
  event: { type?: string; run_id?: string };
  created_at: number;
}
interface Secret {
  name: string;
  created_at: number;
  updated_at: number;
  used_by: { id: string; name: string }[];
}

/** `bellwether executions list`, `deliveries redeliver`, `secrets set|list|delete`, `webhooks test`. */
export function registerOperationsCommands(program: Command): void {
  const executions = program.command('executions').description('The history of automation firings');
  executions
    .command('list')
    .description('List executions of an automation (--automation) or of a project (--project)')
    .option('--automation <id>', 'an automation id')
    .option('--project <project>', "a project's executions")
    .option('--team <team>', 'the team (with --project)')
    .option('--limit <n>', 'at most this many (≤ 200)', '50')
    .action(
      async (
        options: { automation?: string; project?: string; team?: string; limit: string },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const query = `?limit=${seg(options.limit)}`;
        let path: string;
        if (options.automation) path = `/automations/${seg(options.automation)}/executions${query}`;
        else if (options.project) {
          path = `/teams/${seg(ctx.team(options.team))}/projects/${seg(options.project)}/executions${query}`;
        } else throw usageError('executions list needs --automation <id> or --project <project>');
        const { executions: list } = await apiRequest<{ executions: Execution[] }>(
          ctx.connection(),
          'GET',
          path,
        );
        printResult(ctx.output, list, () => ({
          columns: ['id', 'time', 'automation', 'event', 'run', 'status'],
          rows: list.map((e) => [
            e.id,
            isoTime(e.created_at),
            e.automation_name ?? e.automation_id,
            e.event.type,
            e.event.run_id,
            e.status,
          ]),
        }));
      },
    );

  program
    .command('deliveries')
    .description('Deliveries of executions')
    .command('redeliver <deliveryId>')
    .description('Queue a delivery again (a dead one, or to send it once more)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const result = await apiRequest<{ id: string; status: string }>(
        ctx.connection(),
        'POST',
        `/deliveries/${seg(id)}/redeliver`,
      );
      if (ctx.output.json) ctx.output.out(JSON.stringify(result));
      else ctx.output.out(`Delivery ${result.id} queued (${result.status})`);
    });

  const secrets = program.command('secrets').description('Team secrets (write-only; team admins)');
  secrets
    .command('set <name>')
    .description('Create or rotate a secret; the value is read from stdin, never from the command line')
    .option('--team <team>', 'the team')
    .addHelpText('after', '\nExample:\n  printf %s "$TOKEN" | bellwether secrets set GITHUB_TOKEN --team ml')
    .action(async (name: string, options: { team?: string }, command: Command) => {
      const ctx = contextOf(command);
      // One trailing newline is what `echo` adds, not part of the secret.
      const value = (await readStdin()).replace(/\r?\n$/, '');
      if (value === '') throw usageError('secrets set reads the value from stdin; got nothing.');
      await apiRequest(
        ctx.connection(),
        'PUT',
        `/teams/${seg(ctx.team(options.team))}/secrets/${seg(name)}`,
        {
          value,
        },
      );
      if (ctx.output.json) ctx.output.out(JSON.stringify({ name, set: true }));
      else ctx.output.out(`Secret ${name} set`);
    });
  secrets
    .command('list')
    .description("List a team's secret names and the webhooks that use them (never values)")
    .option('--team <team>', 'the team')
    .action(async (options: { team?: string }, command: Command) => {
      const ctx = contextOf(command);
      const body = await apiRequest<{ secrets: Secret[] }>(
        ctx.connection(),
        'GET',
        `/teams/${seg(ctx.team(options.team))}/secrets`,
      );
      printResult(ctx.output, body.secrets, () => ({
        columns: ['name', 'updated', 'used by'],
        rows: body.secrets.map((s) => [
          s.name,
          isoTime(s.updated_at),
          s.used_by.map((u) => u.name).join(', '),
        ]),
      }));
    });
  secrets
    .command('delete <name>')
    .description('Delete a secret (refused while a webhook uses it)')
    .option('--team <team>', 'the team')
    .action(async (name: string, options: { team?: string }, command: Command) => {
      const ctx = contextOf(command);
      await apiRequest(
        ctx.connection(),
        'DELETE',
        `/teams/${seg(ctx.team(options.team))}/secrets/${seg(name)}`,
      );
      if (ctx.output.json) ctx.output.out(JSON.stringify({ name, deleted: true }));
      else ctx.output.out(`Secret ${name} deleted`);
    });

  program
    .command('webhooks')
    .description('Webhook integrations')
    .command('test <webhookId>')
    .description("Send a body with the webhook's credentials and show the answer; nothing is saved")
    .option('--team <team>', 'the team')
    .option('--body <json>', 'the JSON body to send (default {"test":true})')
    .option('--body-file <file>', 'read the JSON body from a file')
    .action(
      async (id: string, options: { team?: string; body?: string; bodyFile?: string }, command: Command) => {
        const ctx = contextOf(command);
        const text = options.bodyFile
          ? readFileSync(options.bodyFile, 'utf8')
          : (options.body ?? '{"test":true}');
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          throw usageError('--body must be JSON');
        }
        const result = await apiRequest<{
          status: number | null;
          latency_ms: number;
          body: string | null;
          error: string | null;
        }>(ctx.connection(), 'POST', `/teams/${seg(ctx.team(options.team))}/webhooks/${seg(id)}/test`, {
          body,
        });
        if (ctx.output.json) ctx.output.out(JSON.stringify(result, null, 2));
        else {
          ctx.output.out(
            `status ${result.status ?? '-'} in ${result.latency_ms} ms${result.error ? `: ${result.error}` : ''}`,
          );
          if (result.body) ctx.output.out(result.body);
        }
      },
    );
}

import type { Command } from 'commander';
import { apiRequest, seg } from '../api-request.js';
import { contextOf } from '../command-context.js';
import { isoTime, printResult } from '../output.js';

interface Team {
  name: string;
  role: string | null;
  created_at: number;
}
interface Project {
  name: string;
  description: string;
  created_at: number;
}
interface RunRow {
  run_id: string;
  display_name: string;
  state: string;
  user: string | null;
  last_step: number;
  created_at: number;
}

/** `bellwether teams`, `projects` and `runs list`. */
export function registerTrackingCommands(program: Command): void {
  program
    .command('teams')
    .description('List the teams you can see')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const { teams } = await apiRequest<{ teams: Team[] }>(ctx.connection(), 'GET', '/teams');
      printResult(ctx.output, teams, () => ({
        columns: ['name', 'role', 'created'],
        rows: teams.map((t) => [t.name, t.role, isoTime(t.created_at)]),
      }));
    });

  program
    .command('projects')
    .description("List a team's projects")
    .option('--team <team>', 'the team (default: BELLWETHER_TEAM or the login team)')
    .action(async (options: { team?: string }, command: Command) => {
      const ctx = contextOf(command);
      const team = ctx.team(options.team);
      const { projects } = await apiRequest<{ projects: Project[] }>(
        ctx.connection(),
        'GET',
        `/teams/${seg(team)}/projects`,
      );
      printResult(ctx.output, projects, () => ({
        columns: ['name', 'description', 'created'],
        rows: projects.map((p) => [p.name, p.description, isoTime(p.created_at)]),
      }));
    });

  const runs = program.command('runs').description('Runs of a project');
  runs
    .command('list')
    .description("List a project's runs, newest first")
    .requiredOption('--project <project>', 'the project')
    .option('--team <team>', 'the team')
    .option('--state <state>', 'only runs in this state')
    .option('--limit <n>', 'at most this many', '100')
    .action(
      async (
        options: { project: string; team?: string; state?: string; limit: string },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const query = new URLSearchParams({ limit: options.limit });
        if (options.state) query.set('state', options.state);
        const path = `/teams/${seg(ctx.team(options.team))}/projects/${seg(options.project)}/runs?${query}`;
        const { runs: list } = await apiRequest<{ runs: RunRow[] }>(ctx.connection(), 'GET', path);
        printResult(ctx.output, list, () => ({
          columns: ['run id', 'name', 'state', 'user', 'last step', 'created'],
          rows: list.map((r) => [
            r.run_id,
            r.display_name,
            r.state,
            r.user,
            r.last_step,
            isoTime(r.created_at),
          ]),
        }));
      },
    );
}

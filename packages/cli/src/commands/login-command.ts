import type { Command } from 'commander';
import { apiRequest } from '../api-request.js';
import { configPath, readConfig, writeConfig } from '../cli-config.js';
import { usageError } from '../cli-error.js';
import { contextOf } from '../command-context.js';
import { readStdin } from '../read-stdin.js';

/** `bellwether login`: checks a URL and API key (read from stdin) and stores them, mode 0600. */
export function registerLoginCommand(program: Command): void {
  program
    .command('login')
    .description('Store the server URL and an API key (read from stdin) in ~/.config/bellwether/config.json')
    .option('--team <team>', 'the default team for later commands')
    .addHelpText(
      'after',
      '\nExample:\n  echo "$KEY" | bellwether login --url http://localhost:8080 --team ml',
    )
    .action(async (options: { team?: string }, command: Command) => {
      const ctx = contextOf(command);
      const globals = command.optsWithGlobals<{ url?: string }>();
      const path = configPath(ctx.env);
      const stored = readConfig(path);
      const url = (globals.url ?? ctx.env.BELLWETHER_URL ?? stored.url)?.replace(/\/+$/, '');
      if (!url) throw usageError('login needs --url <server URL> (or BELLWETHER_URL).');
      const apiKey = ctx.env.BELLWETHER_API_KEY ?? (await readStdin()).trim();
      if (!apiKey)
        throw usageError('login reads the API key from stdin (or BELLWETHER_API_KEY); got nothing.');
      const viewer = await apiRequest<{ username: string }>(
        { url, apiKey, team: undefined },
        'GET',
        '/viewer',
      );
      const team = options.team ?? stored.team;
      writeConfig(path, { url, apiKey, ...(team !== undefined ? { team } : {}) });
      if (ctx.output.json)
        ctx.output.out(JSON.stringify({ url, username: viewer.username, team: team ?? null, config: path }));
      else ctx.output.out(`Logged in to ${url} as ${viewer.username}; saved to ${path}`);
    });
}

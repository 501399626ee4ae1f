import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { usageError } from '../cli-error.js';

/** `bellwether serve`: runs the server (packages/server/src/main.ts) with the role and port given. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'Run the Bellwether server (configuration from BELLWETHER_* variables, see docs/configuration.md)',
    )
    .option('--role <role>', 'api, worker or all', 'all')
    .option('--port <port>', 'listen on this port (BELLWETHER_PORT)')
    .option('--host <host>', 'listen on this address (BELLWETHER_HOST)')
    .option('--data-dir <dir>', 'where SQLite keeps its file (BELLWETHER_DATA_DIR)')
    .action(async (options: { role: string; port?: string; host?: string; dataDir?: string }) => {
      if (!['api', 'worker', 'all'].includes(options.role))
        throw usageError('--role must be api, worker or all');
      const env: Record<string, string | undefined> = { ...process.env, BELLWETHER_ROLE: options.role };
      if (options.port !== undefined) env.BELLWETHER_PORT = options.port;
      if (options.host !== undefined) env.BELLWETHER_HOST = options.host;
      if (options.dataDir !== undefined) env.BELLWETHER_DATA_DIR = options.dataDir;
      const main = fileURLToPath(new URL('./main.ts', import.meta.resolve('@bellwether/server')));
      // The server is TypeScript run through tsx, resolved from here so any working directory works.
      const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), main], {
        env,
        stdio: 'inherit',
      });
      const forward = (signal: NodeJS.Signals) => child.kill(signal);
      process.on('SIGINT', forward);
      process.on('SIGTERM', forward);
      const code = await new Promise<number>((resolve) =>
        child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0))),
      );
      process.exitCode = code;
    });
}

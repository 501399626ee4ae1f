import type { Command } from 'commander';
import { type Connection, resolveConnection } from './cli-config.js';
import { usageError } from './cli-error.js';
import { type Output, processOutput } from './output.js';

/** What every command action needs: output, the server connection and the team. */
export interface CommandContext {
  output: Output;
  env: Record<string, string | undefined>;
  connection(): Connection;
  /** The team from --team, else BELLWETHER_TEAM or the stored login; a usage error when none. */
  team(flag?: string): string;
}

/** Builds the context from the global options (`--json`, `--url`) of a command. */
export function contextOf(command: Command): CommandContext {
  const globals = command.optsWithGlobals<{ json?: boolean; url?: string }>();
  const env = process.env;
  let connection: Connection | undefined;
  const connect = () => {
    connection ??= resolveConnection(env, globals.url);
    return connection;
  };
  return {
    output: processOutput(globals.json === true),
    env,
    connection: connect,
    team(flag) {
      const team = flag ?? connect().team;
      if (!team)
        throw usageError('No team: pass --team <name>, set BELLWETHER_TEAM, or `bellwether login --team`.');
      return team;
    },
  };
}

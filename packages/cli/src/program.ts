import { BellwetherApiError } from '@bellwether/sdk';
import { Command, CommanderError } from 'commander';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from './cli-error.js';
import { registerAutomationCommands } from './commands/automation-commands.js';
import { registerLogCommand } from './commands/log-command.js';
import { registerLoginCommand } from './commands/login-command.js';
import { registerOperationsCommands } from './commands/operations-commands.js';
import { registerServeCommand } from './commands/serve-command.js';
import { registerTrackingCommands } from './commands/tracking-commands.js';

/** The CLI version (the workspace version). */
export const CLI_VERSION = '0.1.0';

/** Builds the `bellwether` command tree. */
export function createProgram(): Command {
  const program = new Command('bellwether')
    .description('Bellwether: log runs and manage automations from the terminal')
    .version(CLI_VERSION)
    .option('--json', 'print machine-readable JSON')
    .option('--url <url>', 'the server (default: BELLWETHER_URL, then the stored login)')
    .showHelpAfterError('(add --help for usage)');
  registerServeCommand(program);
  registerLoginCommand(program);
  registerTrackingCommands(program);
  registerLogCommand(program);
  registerAutomationCommands(program);
  registerOperationsCommands(program);
  // Every subcommand reports errors the same way and exits through runCli.
  const override = (command: Command) => {
    command.exitOverride();
    for (const sub of command.commands) override(sub);
  };
  override(program);
  return program;
}

function describeApiError(error: BellwetherApiError): string {
  const fields = error.errors.map((e) => `\n  ${e.path}: ${e.message}`).join('');
  return `${error.message} (HTTP ${error.status})${fields}`;
}

/**
 * Runs the CLI on argv (`['node', 'bellwether', …]`) and returns the exit code: 0 on success, 1
 * when the command failed, 2 when it was called wrongly.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end the parse with a "success" CommanderError.
      if (error.exitCode === 0) return 0;
      return EXIT_USAGE;
    }
    if (error instanceof CliError) {
      process.stderr.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof BellwetherApiError) {
      process.stderr.write(`error: ${describeApiError(error)}\n`);
      return EXIT_FAILURE;
    }
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILURE;
  }
}

/** Exit status of a command that failed (the server refused, the network broke). */
export const EXIT_FAILURE = 1;
/** Exit status of a command that was called wrongly (unknown option, missing argument). */
export const EXIT_USAGE = 2;

/** An error the CLI reports in one line and exits with: 1 for failures, 2 for usage mistakes. */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number = EXIT_FAILURE) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** A usage mistake the parser could not catch (a missing --team, a bad file). */
export function usageError(message: string): CliError {
  return new CliError(message, EXIT_USAGE);
}

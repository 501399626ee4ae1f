import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository's virtual environment with the real, pinned `mlflow` and `wandb` clients. */
export const CLIENT_VENV = fileURLToPath(new URL('../../../../.venv', import.meta.url));

/** How to create it, for the message a test prints when it is missing. */
export const CLIENT_VENV_INSTALL =
  'python3 -m venv .venv && .venv/bin/pip install -r requirements-clients.txt';

/**
 * The Python interpreter of that environment, or undefined when it has not been created (the
 * real-client suites then say they are skipped). Under CI it must exist: a missing client there is
 * a failure, not a skip.
 */
export function clientPython(): string | undefined {
  const python = `${CLIENT_VENV}/bin/python`;
  if (existsSync(python)) return python;
  if (process.env.CI) throw new Error(`the real-client venv is missing under CI: ${CLIENT_VENV_INSTALL}`);
  return undefined;
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The environment for a real `wandb` process in tests: pointed at one Bellwether, with every
 * switch that keeps it from sending anything elsewhere or capturing the machine (docs/wandb.md
 * lists them), and its home, config, cache and data directories in a fresh temp dir.
 */
export function wandbEnv(baseUrl: string, apiKey: string): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'bw-wandb-'));
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    WANDB_DIR: home,
    WANDB_CONFIG_DIR: join(home, 'config'),
    WANDB_CACHE_DIR: join(home, 'cache'),
    WANDB_DATA_DIR: join(home, 'data'),
    WANDB_BASE_URL: baseUrl,
    WANDB_API_KEY: apiKey,
    WANDB_SILENT: 'true',
    WANDB_ERROR_REPORTING: 'false',
    WANDB_DISABLE_CODE: 'true',
    WANDB_DISABLE_GIT: 'true',
    WANDB_CONSOLE: 'off',
    WANDB_X_DISABLE_STATS: 'true',
    WANDB_X_DISABLE_META: 'true',
    WANDB_X_DISABLE_MACHINE_INFO: 'true',
    WANDB_DISABLE_JOB_CREATION: 'true',
    DO_NOT_TRACK: '1',
    MLFLOW_DISABLE_TELEMETRY: 'true',
  };
}

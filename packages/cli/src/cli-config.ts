import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError } from './cli-error.js';

/** What `bellwether login` stores. */
export interface StoredConfig {
  url?: string;
  apiKey?: string;
  team?: string;
}

/** Where the CLI keeps its login: $XDG_CONFIG_HOME or ~/.config, under bellwether/config.json. */
export function configPath(env: Record<string, string | undefined>): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'bellwether', 'config.json');
}

/** Reads the stored login; an absent file is an empty config. */
export function readConfig(path: string): StoredConfig {
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as StoredConfig;
  } catch {
    throw new CliError(`${path} is not valid JSON; fix it or run \`bellwether login\` again.`);
  }
}

/** Writes the login readable by its owner only (mode 0600): it holds an API key. */
export function writeConfig(path: string, config: StoredConfig): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  // writeFileSync keeps the mode of an existing file; tighten it explicitly.
  chmodSync(path, 0o600);
}

/** The server and key a command uses: environment first, then the stored login. */
export interface Connection {
  url: string;
  apiKey: string | undefined;
  team: string | undefined;
}

/** Resolves the connection; fails with a hint when no server is known. */
export function resolveConnection(env: Record<string, string | undefined>, urlFlag?: string): Connection {
  const stored = readConfig(configPath(env));
  const url = urlFlag ?? env.BELLWETHER_URL ?? stored.url;
  if (!url) {
    throw new CliError('No server configured: run `bellwether login --url <url>` or set BELLWETHER_URL.');
  }
  return {
    url: url.replace(/\/+$/, ''),
    apiKey: env.BELLWETHER_API_KEY ?? stored.apiKey,
    team: env.BELLWETHER_TEAM ?? stored.team,
  };
}

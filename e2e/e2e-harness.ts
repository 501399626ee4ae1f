import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium, which CI installs with apt-get (never a downloaded browser build). */
export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests cannot run here, or null when they can. */
export function browserSkipReason(): string | null {
  return existsSync(CHROMIUM)
    ? null
    : `${CHROMIUM} is not installed (apt-get install chromium): browser tests skipped`;
}

/** The repository root. */
export const ROOT = join(import.meta.dirname, '..');

/** Where the browser tests write their screenshots (git-ignored). */
export const SCREENSHOTS = join(ROOT, 'e2e', 'screenshots');

/** Builds packages/web with Vite's JS API, so the server started next serves the current UI. */
export async function buildWebUi(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'packages/web/vite.config.ts'), logLevel: 'warn' });
  mkdirSync(SCREENSHOTS, { recursive: true });
}

/** Starts headless Chromium with the flags this machine needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A Bellwether server process on a fresh SQLite folder. */
export interface E2eServer {
  url: string;
  apiKey: string;
  password: string;
  stop(): Promise<void>;
}

/** Starts the real server (`npm start`'s entry point) on port 0 and waits until it listens. */
export async function startServer(env: Record<string, string> = {}): Promise<E2eServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bw-e2e-'));
  const apiKey = 'bw_e2e_admin_key_0123456789abcdef';
  const password = 'e2e-admin-password';
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'packages/server/src/main.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        BELLWETHER_PORT: '0',
        BELLWETHER_DATA_DIR: dataDir,
        BELLWETHER_ADMIN_API_KEY: apiKey,
        BELLWETHER_ADMIN_PASSWORD: password,
        BELLWETHER_LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
    // A server that never says where it listens must not outlive the test run.
    setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within 60 s: ${output}`));
    }, 60_000).unref();
  });
  return {
    url,
    apiKey,
    password,
    stop: () =>
      new Promise((resolve) => {
        const done = () => {
          rmSync(dataDir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}

/** One request a receiver got. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A local HTTP receiver standing in for a webhook endpoint: records each call and answers 200, or
 * the status set with `respondWith` (a 4xx other than 408/409/425/429 fails a delivery at once).
 */
export async function startReceiver(): Promise<{
  url: string;
  received: Received[];
  respondWith(status: number): void;
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  let status = 200;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status < 300 ? '{"ok":true}' : '{"ok":false}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    respondWith: (next) => {
      status = next;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A JSON API call with the admin key; throws with the problem detail on failure. */
export async function apiCall<T>(
  server: E2eServer,
  method: string,
  path: string,
  body?: unknown,
  key = server.apiKey,
): Promise<T> {
  const init: RequestInit = {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(`${server.url}/api/v1${path}`, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Waits until `check` returns a value other than undefined, or fails after `ms`. */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  ms = 15_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Signs in through the sign-in page and waits for the start page. */
export async function signIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Projects' }).waitFor();
}

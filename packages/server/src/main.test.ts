import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHAOS_KEY, setUpThresholdWebhook } from './reliability/chaos-scenario.js';

const MAIN = join(import.meta.dirname, 'main.ts');

function start(dataDir: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      ...process.env,
      BELLWETHER_PORT: '0',
      BELLWETHER_DATA_DIR: dataDir,
      BELLWETHER_LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<{ url: string }>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match?.[1] && (output.includes('Team:') || !output.includes('Bellwether is ready')))
        resolve({ url: match[1] });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
  return { child, ready, output: () => output };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('the bellwether server process', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('starts on an empty SQLite folder, prints working credentials once, and keeps them across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-main-'));
    dirs.push(dir);
    const first = start(dir);
    const { url } = await first.ready;
    await new Promise((r) => setTimeout(r, 200));
    const key = /API key:\s+(\S+)/.exec(first.output())?.[1];
    const password = /Password:\s+(\S+)/.exec(first.output())?.[1];
    expect(key).toMatch(/^bw_/);
    expect(password?.length).toBeGreaterThanOrEqual(12);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const viewer = await fetch(`${url}/api/v1/viewer`, { headers: { authorization: `Bearer ${key}` } });
    expect(await viewer.json()).toMatchObject({
      username: 'admin',
      teams: [{ name: 'default', role: 'admin' }],
    });
    expect(await stop(first.child)).toBe(0);

    const second = start(dir);
    const again = await second.ready;
    await new Promise((r) => setTimeout(r, 200));
    expect(second.output()).not.toContain('API key:');
    const still = await fetch(`${again.url}/api/v1/viewer`, { headers: { authorization: `Bearer ${key}` } });
    expect(still.status).toBe(200);
    await stop(second.child);
  });

  it('serves only health and metrics with the worker role', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-main-'));
    dirs.push(dir);
    const worker = start(dir, {
      BELLWETHER_ROLE: 'worker',
      BELLWETHER_ADMIN_API_KEY: 'bw_worker_role_key_123456',
    });
    const { url } = await worker.ready;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/metrics`)).status).toBe(200);
    const api = await fetch(`${url}/api/v1/viewer`, {
      headers: { authorization: 'Bearer bw_worker_role_key_123456' },
    });
    expect(api.status).toBe(404);
    expect(await stop(worker.child)).toBe(0);
  });

  it('counts evaluations, firings, deliveries and attempt latency in /metrics once they happen', async () => {
    const received: string[] = [];
    const receiver = createServer((req, res) => {
      received.push(String(req.headers['webhook-id']));
      req.resume();
      res.end('ok');
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const dir = mkdtempSync(join(tmpdir(), 'bw-main-'));
    dirs.push(dir);
    const server = start(dir, {
      BELLWETHER_ADMIN_API_KEY: CHAOS_KEY,
      BELLWETHER_OUTBOUND_ALLOW: '127.0.0.1',
    });
    try {
      const { url } = await server.ready;
      const call = async (method: string, path: string, body: unknown) => {
        const res = await fetch(`${url}/api/v1${path}`, {
          method,
          headers: { authorization: `Bearer ${CHAOS_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
        return (await res.json()) as { id: string };
      };
      const metric = async (name: string) => {
        const text = await (await fetch(`${url}/metrics`)).text();
        const line = text.split('\n').find((l) => l.startsWith(name));
        return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
      };
      await setUpThresholdWebhook(url, hook);
      await call('PUT', '/teams/default/projects/chaos/runs/r1', {});
      expect(await metric('bellwether_firings_total{status="pending"}')).toBe(0);
      await call('POST', '/teams/default/projects/chaos/runs/r1/history', {
        rows: [{ values: { loss: 1 } }, { values: { loss: 3 } }],
      });
      await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 10_000 });
      await vi.waitFor(
        async () =>
          expect(
            await metric('bellwether_deliveries_total{outcome="success",channel="GENERIC_WEBHOOK"}'),
          ).toBe(1),
        { timeout: 10_000 },
      );
      expect(await metric('bellwether_firings_total{status="pending"}')).toBe(1);
      expect(await metric('bellwether_evaluations_total{event="run_history"}')).toBe(1);
      expect(
        await metric('bellwether_delivery_attempt_duration_seconds_count{channel="GENERIC_WEBHOOK"}'),
      ).toBe(1);
      expect(await metric('bellwether_delivery_queue_depth')).toBe(0);
    } finally {
      expect(await stop(server.child)).toBe(0);
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it('refuses a bad configuration with a message naming the variable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-main-'));
    dirs.push(dir);
    const bad = start(dir, { BELLWETHER_PORT: 'eighty' });
    await expect(bad.ready).rejects.toThrow(/BELLWETHER_PORT/);
  });
});

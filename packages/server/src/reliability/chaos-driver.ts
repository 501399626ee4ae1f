/** A JSON answer from the API, or null when the request never got one (the process died). */
export interface ApiAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the driver reads a few fields of arbitrary JSON
  body: any;
}

/** Sends one API request with the admin key; null on a network error or after `timeoutMs`. */
export async function callApi(
  url: string,
  key: string,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 10_000,
): Promise<ApiAnswer | null> {
  try {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {}
    return { status: res.status, body: parsed };
  } catch {
    return null;
  }
}

/** What the driver did: batches committed, and how many needed a retry or a commit check. */
export interface DriverStats {
  /** Crossings (loss 1 then 3) committed; each fires the automation once. */
  crossings: number;
  /** Requests that failed (no answer or 5xx) and were sent again to another api process. */
  retried: number;
  /** Failed requests that had committed after all (found by reading the run's last step). */
  committedAnyway: number;
}

/** Options of {@link driveHistory}. */
export interface DriverOptions {
  /** The api processes' current URLs (a process being restarted is left out). */
  apiUrls: () => readonly string[];
  key: string;
  /** `/api/v1/teams/{team}/projects/{project}`. */
  projectPath: string;
  runs: number;
  /** Crossings per run. */
  crossings: number;
  /**
   * How long the driving should take: batch i of a run waits until i/crossings of it has passed,
   * so the writes spread over the killer's time (a run behind schedule does not wait).
   */
  durationMs: number;
  /**
   * True to re-send a failed batch blindly, as a naive client would; false (default) to first ask
   * whether it committed (the run's `last_step`), so one crossing is never logged twice.
   */
  naive?: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/**
 * Logs `runs` × `crossings` threshold crossings (each batch: loss 1 at step s, loss 3 at s+1)
 * through whichever api processes are up, retrying each failed batch against another one.
 */
export async function driveHistory(options: DriverOptions): Promise<DriverStats> {
  const stats: DriverStats = { crossings: 0, retried: 0, committedAnyway: 0 };
  let turn = 0;
  const pick = async (): Promise<string> => {
    for (;;) {
      const urls = options.apiUrls();
      const url = urls[turn++ % Math.max(1, urls.length)];
      if (url) return url;
      await sleep(50);
    }
  };
  // Asks any live api process for the run's last step until one answers.
  const lastStep = async (runPath: string): Promise<number> => {
    for (;;) {
      const answer = await callApi(await pick(), options.key, 'GET', runPath);
      if (answer?.status === 200) return answer.body.last_step as number;
      await sleep(50);
    }
  };
  const logBatch = async (runPath: string, step: number) => {
    const rows = [
      { step, values: { loss: 1 } },
      { step: step + 1, values: { loss: 3 } },
    ];
    for (let attempt = 0; ; attempt++) {
      const answer = await callApi(await pick(), options.key, 'POST', `${runPath}/history`, { rows });
      if (answer && answer.status < 300) return;
      if (answer && answer.status < 500)
        throw new Error(`history batch refused: ${answer.status} ${JSON.stringify(answer.body)}`);
      if (!options.naive && (await lastStep(runPath)) >= step + 1) {
        stats.committedAnyway++;
        return;
      }
      stats.retried++;
      if (attempt > 200) throw new Error(`history batch at step ${step} failed 200 times`);
      await sleep(20);
    }
  };
  const startedAt = Date.now();
  await Promise.all(
    Array.from({ length: options.runs }, async (_, r) => {
      const runPath = `${options.projectPath}/runs/chaos-${r}`;
      for (;;) {
        const answer = await callApi(await pick(), options.key, 'PUT', runPath, {});
        if (answer && answer.status < 300) break;
        await sleep(50);
      }
      for (let i = 0; i < options.crossings; i++) {
        await sleep(startedAt + (i * options.durationMs) / options.crossings - Date.now());
        await logBatch(runPath, 2 * i);
        stats.crossings++;
      }
    }),
  );
  return stats;
}

import { api, apiPath } from '../api/api-client.js';
import type { HistoryResponse, Run } from '../api/api-types.js';
import { alignSeries } from './series-align.js';

/** How many buckets a panel asks for: about one per horizontal pixel of a wide panel. */
const SAMPLES = 1000;

/** The step range a zoomed panel shows, or null for the whole run. */
export type StepRange = { min: number; max: number } | null;

/** Reads the downsampled history of one metric for several runs, limited to a step range. */
async function readSeries(
  team: string,
  project: string,
  metric: string,
  runs: readonly Run[],
  range: StepRange,
) {
  const params = new URLSearchParams({ keys: metric, samples: String(SAMPLES) });
  if (range) {
    params.set('min_step', String(Math.floor(range.min)));
    params.set('max_step', String(Math.ceil(range.max)));
  }
  const answers = await Promise.all(
    runs.map((run) =>
      api<HistoryResponse>(
        `${apiPath`/teams/${team}/projects/${project}/runs/${run.run_id}/history`}?${params}`,
      ),
    ),
  );
  return alignSeries(
    answers.map((answer, i) => {
      const series = answer.series[metric];
      return {
        label: runs[i]?.display_name ?? answer.run_id,
        steps: series?.steps ?? [],
        values: series?.last ?? [],
      };
    }),
  );
}

/** The query of one plot panel: a metric of these runs in a step range, aligned for uPlot. */
export function historyQuery(
  team: string,
  project: string,
  metric: string,
  runs: readonly Run[],
  range: StepRange,
) {
  return {
    queryKey: ['history', team, project, metric, runs.map((r) => r.run_id).join(','), range],
    queryFn: () => readSeries(team, project, metric, runs, range),
  };
}

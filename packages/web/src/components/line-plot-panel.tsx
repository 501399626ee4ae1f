import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import type { Run } from '../api/api-types.js';
import { BellIcon } from './bell-icon.js';
import { historyQuery, type StepRange } from './history-query.js';
import { INTEGER_INCREMENTS, runColour } from './run-colours.js';
import { emaSmooth, forLogScale } from './smoothing.js';
import { ErrorBox } from './status-views.js';

/**
 * One workspace line plot: a metric of the selected runs, downsampled by the server; dragging
 * across it zooms by re-reading only the visible step range, hovering shows every run's value
 * and a bell button that starts an automation on this metric.
 */
export function LinePlotPanel(props: {
  team: string;
  project: string;
  metric: string;
  runs: readonly Run[];
  onBell?: (metric: string) => void;
  /** A threshold being edited, drawn as a dashed line across the plot. */
  threshold?: number;
}) {
  const { team, project, metric, runs } = props;
  const [range, setRange] = useState<StepRange>(null);
  const data = useQuery({
    ...historyQuery(team, project, metric, runs, range),
    placeholderData: (previous) => previous,
  });
  const holder = useRef<HTMLDivElement>(null);
  const [drawn, setDrawn] = useState(false);
  const [smoothing, setSmoothing] = useState(0);
  const [logY, setLogY] = useState(false);
  const thresholdRef = useRef<number | undefined>(props.threshold);
  const plotRef = useRef<uPlot | null>(null);
  useEffect(() => {
    thresholdRef.current = props.threshold;
    const plot = plotRef.current;
    if (plot) plot.setData(plot.data);
  }, [props.threshold]);

  useEffect(() => {
    const element = holder.current;
    if (!element || !data.data) return;
    const width = Math.max(200, element.clientWidth);
    const options: uPlot.Options = {
      width,
      height: 220,
      scales: {
        x: { time: false },
        // A threshold being edited stays in view (the linear axis widens to it).
        y: logY
          ? { distr: 3 }
          : {
              range: (_u, min, max) => {
                const at = thresholdRef.current;
                const lo = at === undefined ? min : Math.min(min, at);
                const hi = at === undefined ? max : Math.max(max, at);
                return uPlot.rangeNum(lo, hi, 0.1, true);
              },
            },
      },
      axes: [{ label: 'step', incrs: INTEGER_INCREMENTS }, {}],
      legend: { live: true },
      cursor: { drag: { x: true, y: false, setScale: false } },
      series: [
        { label: 'step' },
        // Smoothed: the raw line faint behind each smoothed one.
        ...(smoothing > 0
          ? runs.map((run, i) => ({
              label: `${run.display_name} (raw)`,
              stroke: `color-mix(in srgb, ${runColour(i)} 25%, transparent)`,
              width: 1,
              spanGaps: true,
              points: { show: false },
            }))
          : []),
        ...runs.map((run, i) => ({
          label: run.display_name,
          stroke: runColour(i),
          width: 1.5,
          spanGaps: true,
          points: { show: false },
        })),
      ],
      hooks: {
        setSelect: [
          (u) => {
            if (u.select.width < 3) return;
            const min = u.posToVal(u.select.left, 'x');
            const max = u.posToVal(u.select.left + u.select.width, 'x');
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            setRange({ min, max });
          },
        ],
        draw: [
          (u) => {
            const at = thresholdRef.current;
            if (at === undefined) return;
            const y = u.valToPos(at, 'y', true);
            if (!Number.isFinite(y) || y < u.bbox.top || y > u.bbox.top + u.bbox.height) return;
            const ctx = u.ctx;
            ctx.save();
            ctx.strokeStyle = '#c0392b';
            ctx.lineWidth = 1.5 * devicePixelRatio;
            ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
            ctx.beginPath();
            ctx.moveTo(u.bbox.left, y);
            ctx.lineTo(u.bbox.left + u.bbox.width, y);
            ctx.stroke();
            ctx.restore();
          },
          () => {
            // For bench/ui-bench.ts: when the first panel was first drawn, since navigation start.
            if (performance.getEntriesByName('plot-drawn').length === 0) performance.mark('plot-drawn');
            setDrawn(true);
          },
        ],
      },
    };
    const [xs, ...ys] = data.data as unknown as [number[], ...(number | null)[][]];
    const shown = (column: (number | null)[]) => (logY ? forLogScale(column) : column);
    const columns =
      smoothing > 0
        ? [...ys.map(shown), ...ys.map((column) => shown(emaSmooth(column, smoothing)))]
        : logY
          ? ys.map(shown)
          : ys;
    const plot = new uPlot(options, [xs, ...columns] as uPlot.AlignedData, element);
    plotRef.current = plot;
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(200, element.clientWidth), height: 220 }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [data.data, runs, smoothing, logY]);

  return (
    <section
      className="panel"
      aria-label={`${metric} plot`}
      data-metric={metric}
      data-drawn={drawn ? 'true' : 'false'}
      data-smoothing={smoothing}
      data-log-y={logY ? 'true' : 'false'}
      data-threshold={props.threshold ?? ''}
    >
      <header className="panel-head">
        <h3>{metric}</h3>
        {range ? (
          <button type="button" className="small" onClick={() => setRange(null)}>
            Reset zoom
          </button>
        ) : null}
        {data.isFetching ? <span className="muted small">loading…</span> : null}
        {props.onBell ? (
          <button
            type="button"
            className="bell"
            title={`Create an automation on ${metric}`}
            aria-label={`Create an automation on ${metric}`}
            onClick={() => props.onBell?.(metric)}
          >
            <BellIcon />
          </button>
        ) : null}
      </header>
      <div className="plot-controls">
        <label className="inline">
          Smoothing
          <input
            type="range"
            min={0}
            max={0.99}
            step={0.01}
            value={smoothing}
            aria-label={`Smoothing of ${metric}`}
            onChange={(e) => setSmoothing(Number(e.target.value))}
          />
          <span className="muted small">{smoothing.toFixed(2)}</span>
        </label>
        <label className="inline">
          <input type="checkbox" checked={logY} onChange={(e) => setLogY(e.target.checked)} />
          Log scale
        </label>
      </div>
      <ErrorBox error={data.error} />
      {runs.length === 0 ? <p className="muted">Select runs in the table to plot them.</p> : null}
      <div ref={holder} className="plot" />
    </section>
  );
}

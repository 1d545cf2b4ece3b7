import { useEffect, useMemo, useRef, type RefObject } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { CoordinateTimeline, FieldUsageTimeline } from '../api/types';
import type { RowUsageFrame } from '../api/row-usage';

const PALETTE = ['#2f6fdb', '#d9480f', '#2b8a3e', '#ae3ec9', '#e67700', '#0b7285', '#c2255c', '#5c940d'];

/** Every bucket (day or hour) from `from` to `to`, in seconds as uPlot wants them, and where a bucket falls. */
function bucketAxis(
  from: string,
  to: string,
  bucket: 'day' | 'hour',
): { x: number[]; indexOf: (iso: string) => number } {
  const step = bucket === 'day' ? 86_400_000 : 3_600_000;
  const first = Math.floor(Date.parse(from) / step) * step;
  const last = Math.floor(Date.parse(to) / step) * step;
  const x: number[] = [];
  for (let t = first; t <= last; t += step) x.push(t / 1000);
  return { x, indexOf: (iso) => Math.round((Date.parse(iso) - first) / step) };
}

/** Every bucket of the period (days or hours), and one series per client version, zero where it was unused. */
export function timelineSeries(timeline: FieldUsageTimeline): { x: number[]; series: Map<string, number[]> } {
  const { x, indexOf } = bucketAxis(timeline.from, timeline.to, timeline.bucket);
  const series = new Map<string, number[]>();
  for (const point of timeline.points) {
    const label = `${point.client || '(unknown client)'}${point.version ? ` ${point.version}` : ''}`;
    let values = series.get(label);
    if (!values) {
      values = x.map(() => 0);
      series.set(label, values);
    }
    const index = indexOf(point.bucket);
    if (index >= 0 && index < values.length) values[index] = (values[index] ?? 0) + point.count;
  }
  return { x, series };
}

/** Draws one line without axes, legend or cursor into `host` (uPlot), again whenever `data` changes. */
function useTinyLine(
  host: RefObject<HTMLElement | null>,
  data: [number[], number[]] | null,
  size: { width: number; height: number; stroke: number },
): void {
  useEffect(() => {
    const element = host.current;
    if (!element || !data) return;
    const plot = new uPlot(
      {
        width: size.width,
        height: size.height,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: true } },
        axes: [{ show: false }, { show: false }],
        series: [
          {},
          { stroke: '#2f6fdb', width: size.stroke, fill: 'rgba(47,111,219,0.15)', points: { show: false } },
        ],
      },
      data,
      element,
    );
    return () => plot.destroy();
  }, [host, data, size.width, size.height, size.stroke]);
}

/** Requests per bucket for each client version (uPlot: canvas, fast for long periods). */
export function UsageChart({ timeline, height = 260 }: { timeline: FieldUsageTimeline; height?: number }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const { x, series } = timelineSeries(timeline);
    const labels = [...series.keys()];
    const plot = new uPlot(
      {
        width: Math.max(320, element.clientWidth),
        height,
        scales: { x: { time: true } },
        axes: [
          { stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.2)' } },
          { stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.2)' } },
        ],
        series: [
          {},
          ...labels.map((label, i) => ({
            label,
            stroke: PALETTE[i % PALETTE.length] ?? '#2f6fdb',
            width: 2,
            points: { show: x.length < 60 },
          })),
        ],
      },
      [x, ...labels.map((label) => series.get(label) ?? [])],
      element,
    );
    const resize = () => plot.setSize({ width: Math.max(320, element.clientWidth), height });
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      plot.destroy();
    };
  }, [timeline, height]);
  return (
    <figure className="chart">
      <div
        ref={host}
        role="img"
        aria-label={`Requests using ${timeline.coordinate} per ${timeline.bucket}, by client version`}
      />
      <figcaption className="muted">
        Requests per {timeline.bucket} using <code>{timeline.coordinate}</code>, {timeline.period}, by client
        and version
      </figcaption>
    </figure>
  );
}

const DETAIL_LINE = { width: 220, height: 48, stroke: 1.5 };
const ROW_LINE = { width: 64, height: 18, stroke: 1.25 };

/** A small line of the total per bucket, without axes: the explorer's per-field sparkline. */
export function Sparkline({ timeline }: { timeline: FieldUsageTimeline }) {
  const host = useRef<HTMLDivElement>(null);
  const data = useMemo((): [number[], number[]] => {
    const { x, series } = timelineSeries(timeline);
    return [x, x.map((_, i) => [...series.values()].reduce((sum, values) => sum + (values[i] ?? 0), 0))];
  }, [timeline]);
  useTinyLine(host, data, DETAIL_LINE);
  return <div ref={host} className="sparkline" role="img" aria-label={`Usage of ${timeline.coordinate}`} />;
}

/**
 * An explorer row's usage: its 30-day total as text, and a tiny line of it per day (uPlot) when there was any.
 * The text carries the meaning; the line is decoration for sighted users.
 */
export function RowSparkline({ frame, timeline }: { frame: RowUsageFrame; timeline: CoordinateTimeline }) {
  const host = useRef<HTMLSpanElement>(null);
  const data = useMemo((): [number[], number[]] | null => {
    if (timeline.total === 0) return null;
    const { x, indexOf } = bucketAxis(frame.from, frame.to, frame.bucket);
    const y = x.map(() => 0);
    for (const point of timeline.points) {
      const index = indexOf(point.bucket);
      if (index >= 0 && index < y.length) y[index] = (y[index] ?? 0) + point.count;
    }
    return [x, y];
  }, [frame, timeline]);
  useTinyLine(host, data, ROW_LINE);
  return (
    <span className="row-usage" data-testid="row-usage" title={`${timeline.total} requests in 30 days`}>
      <span ref={host} className="row-sparkline" aria-hidden="true" />
      <span className="muted">{timeline.total === 0 ? 'unused' : `${timeline.total} req`}</span>
    </span>
  );
}

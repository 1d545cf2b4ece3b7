import { useEffect, useRef, useState } from 'react';
import { callRegistry, variantPath } from './client';
import { useSession } from './session';
import type { CoordinateTimeline, CoordinateUsageTimelines } from './types';

/** What `GET …/usage/timelines` accepts: `Type.field`, `Type.field(argument:)`, `Enum.VALUE`. */
const COORDINATE = /^[_A-Za-z][_0-9A-Za-z]*\.[_A-Za-z][_0-9A-Za-z]*(\([_A-Za-z][_0-9A-Za-z]*:\))?$/;
/** The registry's bound per request. */
const PER_REQUEST = 200;
/** Rows scrolled past quickly are not asked for. */
const SETTLE_MS = 150;

export interface RowUsageFrame {
  readonly from: string;
  readonly to: string;
  readonly bucket: 'day' | 'hour';
}

/**
 * The 30-day usage of the explorer's rows on screen: asked for a page of rows at a time once scrolling settles,
 * and kept, so a row scrolled back to costs nothing.
 */
export function useRowUsage(
  graph: string,
  variant: string,
  coordinates: readonly string[],
): { usage: ReadonlyMap<string, CoordinateTimeline>; frame: RowUsageFrame | null } {
  const { token } = useSession();
  const [usage, setUsage] = useState<ReadonlyMap<string, CoordinateTimeline>>(() => new Map());
  const pending = useRef(new Set<string>());
  const [frame, setFrame] = useState<RowUsageFrame | null>(null);
  const wanted = coordinates.filter((coordinate) => COORDINATE.test(coordinate)).join(',');
  useEffect(() => {
    const missing = wanted
      .split(',')
      .filter(
        (coordinate) => coordinate !== '' && !usage.has(coordinate) && !pending.current.has(coordinate),
      );
    if (missing.length === 0) return;
    const timer = setTimeout(() => {
      for (let start = 0; start < missing.length; start += PER_REQUEST) {
        const chunk = missing.slice(start, start + PER_REQUEST);
        for (const coordinate of chunk) pending.current.add(coordinate);
        const path = `${variantPath(graph, variant)}/usage/timelines?period=30d&coordinates=${encodeURIComponent(chunk.join(','))}`;
        callRegistry<CoordinateUsageTimelines>(token, path)
          .then((answer) => {
            setUsage((current) => {
              const next = new Map(current);
              for (const timeline of answer.timelines) next.set(timeline.coordinate, timeline);
              return next;
            });
            setFrame((current) => current ?? { from: answer.from, to: answer.to, bucket: answer.bucket });
          })
          // A row without its usage still shows everything else; the detail pane reports errors.
          .catch(() => undefined)
          .finally(() => {
            for (const coordinate of chunk) pending.current.delete(coordinate);
          });
      }
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [wanted, usage, token, graph, variant]);
  return { usage, frame };
}

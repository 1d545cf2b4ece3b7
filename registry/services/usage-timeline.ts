import type { CoordinateUsageTimelines, FieldUsageTimeline } from '../api-types.js';
import { coordinatesTotals, coordinateTimeline } from '../storage/repositories/usage-timeline-reads.js';
import type { RegistryContext } from './registry-context.js';
import { resolvePeriod } from './usage-period.js';
import { requireVariant, type VariantRef } from './variants.js';

/**
 * The usage of one coordinate over time (`GET …/usage/fields/:coordinate/timeline`): one point per bucket of the
 * rollup the period reads (days for `30d`, hours for `12h`) and client version that used it. Buckets without
 * usage are left out; the dashboard draws them as zero.
 */
export async function fieldUsageTimeline(
  ctx: RegistryContext,
  ref: VariantRef,
  coordinate: string,
  periodText: string | undefined,
): Promise<FieldUsageTimeline> {
  const period = resolvePeriod(periodText, ctx.usage.clock());
  const { variant } = await requireVariant(ctx.db, ref);
  const points = await coordinateTimeline(ctx.db, variant.id, coordinate, period);
  return {
    coordinate,
    period: period.period,
    from: new Date(period.fromMs).toISOString(),
    to: new Date(period.toMs).toISOString(),
    bucket: period.unit,
    points,
  };
}

/**
 * The usage of several coordinates over time, all clients together (`GET …/usage/timelines`): the explorer asks
 * for the rows it shows, a page at a time. Listed in the order asked, each once.
 */
export async function coordinatesUsageTimelines(
  ctx: RegistryContext,
  ref: VariantRef,
  coordinates: readonly string[],
  periodText: string | undefined,
): Promise<CoordinateUsageTimelines> {
  const period = resolvePeriod(periodText, ctx.usage.clock());
  const { variant } = await requireVariant(ctx.db, ref);
  const asked = [...new Set(coordinates)];
  const rows = await coordinatesTotals(ctx.db, variant.id, asked, period);
  const byCoordinate = new Map(
    asked.map((coordinate) => [
      coordinate,
      { coordinate, total: 0, points: [] as { bucket: string; count: number }[] },
    ]),
  );
  for (const row of rows) {
    const timeline = byCoordinate.get(row.coordinate);
    if (!timeline) continue;
    timeline.total += row.count;
    timeline.points.push({ bucket: row.bucket, count: row.count });
  }
  return {
    period: period.period,
    from: new Date(period.fromMs).toISOString(),
    to: new Date(period.toMs).toISOString(),
    bucket: period.unit,
    timelines: [...byCoordinate.values()],
  };
}

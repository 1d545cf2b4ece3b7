import type { FieldUsageTimeline } from '../api-types.js';
import { coordinateTimeline } from '../storage/repositories/usage-timeline-reads.js';
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

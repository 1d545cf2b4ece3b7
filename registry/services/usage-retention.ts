/**
 * Usage retention: the hourly rollups are kept `hourlyDays` (default 30), the daily rollup `dailyDays`
 * (default 365), batch ids `batchDays` (default 30: a hub that resends a batch later than that counts it
 * again). A background job prunes every `pruneIntervalMs` (default an hour), then vacuums the rollups (reports
 * read them with index-only scans); `pruneUsageNow` runs it once.
 */
import { pruneUsage, vacuumUsage } from '../storage/repositories/usage-writes.js';
import type { RegistryContext } from './registry-context.js';
import { DAY_MS, dayOf } from './usage-period.js';

export interface UsageRetention {
  readonly hourlyDays: number;
  readonly dailyDays: number;
  readonly batchDays: number;
  readonly pruneIntervalMs: number;
}

export const DEFAULT_USAGE_RETENTION: UsageRetention = Object.freeze({
  hourlyDays: 30,
  dailyDays: 365,
  batchDays: 30,
  pruneIntervalMs: 3_600_000,
});

export async function pruneUsageNow(ctx: RegistryContext): Promise<Record<string, number>> {
  const now = ctx.usage.clock().getTime();
  const { hourlyDays, dailyDays, batchDays } = ctx.usage.retention;
  const deleted = await pruneUsage(ctx.db, {
    hourly: new Date(now - hourlyDays * DAY_MS).toISOString(),
    daily: dayOf(now - dailyDays * DAY_MS),
    batches: new Date(now - batchDays * DAY_MS).toISOString(),
  });
  await vacuumUsage(ctx.db);
  return deleted;
}

/** Starts the background pruning; the returned function stops it (and waits for a prune in progress). */
export function startUsagePruning(ctx: RegistryContext): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = pruneUsageNow(ctx).then(
      (deleted) => ctx.logger?.debug({ deleted }, 'usage retention: pruned'),
      (error: unknown) => ctx.logger?.warn({ err: error }, 'usage retention: prune failed'),
    );
  }, ctx.usage.retention.pruneIntervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

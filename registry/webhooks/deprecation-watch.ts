/**
 * The `deprecated.safe_to_remove` evaluator. For every variant a webhook watches for that event, it reads the
 * deprecation report (services/usage-reports.ts: the registry's usage clock, the configured period) and compares
 * each element's verdict with the one it saw last time (table webhook_deprecation_verdicts). An element that was
 * in use and is now safe to remove fires the event, once: the new verdicts are stored in the same transaction as
 * the deliveries. The first evaluation of a variant only records its verdicts (an element already safe then was
 * never seen in use, and announcing every one of them at once would be noise). It runs every
 * `deprecationIntervalMs`, like the usage retention job; `evaluateDeprecationsNow` runs it once.
 */
import {
  insertEventDeliveries,
  pruneDeliveries,
  loadVerdicts,
  saveVerdicts,
  variantsWatchedFor,
} from '../storage/repositories/webhooks.js';
import type { RegistryContext } from '../services/registry-context.js';
import { deprecatedUsage } from '../services/usage-reports.js';
import { eventWrite } from './dispatcher.js';
import { deprecatedSafeToRemove, type WebhookEvent } from './events.js';

const EVENT = 'deprecated.safe_to_remove';

/** Evaluates every watched variant once; the number of events fired. */
export async function evaluateDeprecationsNow(ctx: RegistryContext): Promise<number> {
  let fired = 0;
  for (const watched of await variantsWatchedFor(ctx.db, EVENT)) {
    const ref = { graph: watched.graph, variant: watched.variant };
    try {
      const report = await deprecatedUsage(ctx, ref, ctx.webhooks.options.deprecationPeriod);
      const previous = await loadVerdicts(ctx.db, watched.variantId);
      const verdicts = new Map<string, boolean>();
      const events: WebhookEvent[] = [];
      const at = ctx.usage.clock();
      for (const element of report.elements) {
        const safe = element.verdict.safeToRemove;
        verdicts.set(element.coordinate, safe);
        if (safe && previous.get(element.coordinate) === false) {
          events.push(deprecatedSafeToRemove(ref, element, report, at));
        }
      }
      await ctx.db.transaction(async (tx) => {
        for (const event of events) await insertEventDeliveries(tx, eventWrite(event));
        await saveVerdicts(tx, watched.variantId, verdicts);
      });
      fired += events.length;
    } catch (error) {
      ctx.logger?.warn({ err: error, ...ref }, 'webhooks: could not evaluate deprecated elements');
    }
  }
  if (fired > 0) ctx.webhooks.wake();
  return fired;
}

/** Deletes the deliveries completed more than `deliveryRetentionDays` ago; how many. */
export function pruneDeliveriesNow(ctx: RegistryContext, now: number = Date.now()): Promise<number> {
  const before = new Date(now - ctx.webhooks.options.deliveryRetentionDays * 86_400_000).toISOString();
  return pruneDeliveries(ctx.db, before);
}

/**
 * Starts the background evaluation (and the pruning of old deliveries, on the same timer); the returned function
 * stops it (and waits for a run in progress).
 */
export function startDeprecationWatch(ctx: RegistryContext): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = evaluateDeprecationsNow(ctx)
      .then(async (fired) => {
        const pruned = await pruneDeliveriesNow(ctx);
        ctx.logger?.debug(
          { fired, pruned },
          'webhooks: deprecated elements evaluated, old deliveries pruned',
        );
      })
      .then(
        () => undefined,
        (error: unknown) => ctx.logger?.warn({ err: error }, 'webhooks: deprecation evaluation failed'),
      )
      .finally(() => {
        busy = false;
      });
  }, ctx.webhooks.options.deprecationIntervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

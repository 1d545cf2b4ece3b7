import { createHash } from 'node:crypto';
import type { Queryable } from '../storage/database.js';
import type { RegistryContext } from './registry-context.js';

/** First key of the two-key advisory lock: the registry's namespace for variant locks. */
const VARIANT_LOCK_NAMESPACE = 7_310_415;

function variantLockKey(graph: string, variant: string): number {
  return createHash('sha256').update(`${graph}@${variant}`).digest().readInt32BE(0);
}

/** A write to one variant in two steps; `prepare` may return `undefined` when it has nothing to hand over. */
export interface VariantWrite<P, T> {
  /**
   * Runs first, holding only the in-process lock and no transaction: the slow, read-only part (composition and
   * diffing in a schema worker). On PGlite, a single connection that queues every query behind an open
   * transaction, this is what keeps reads answering while a publish composes.
   */
  prepare(db: Queryable): Promise<P>;
  /**
   * Runs in one transaction holding the advisory lock, with what `prepare` returned. It must re-read what it
   * depends on: another registry process on the same PostgreSQL may have written in between (the prepared
   * analysis is then not reused, see KeyedAnalysis).
   */
  write(tx: Queryable, prepared: P): Promise<T>;
}

/**
 * Runs a variant write holding the variant's lock, in this process (mutex, for both steps) and across processes
 * (`pg_advisory_xact_lock`, for the transaction, released at commit or rollback). Publishes and deletes of one
 * variant therefore happen one after the other, each seeing the result of the previous one.
 */
export function withVariantLock<P, T>(
  ctx: RegistryContext,
  graph: string,
  variant: string,
  steps: VariantWrite<P, T>,
): Promise<T> {
  return ctx.variantLocks.run(`${graph}@${variant}`, async () => {
    const prepared = await steps.prepare(ctx.db);
    return ctx.db.transaction(async (tx) => {
      await lockVariantInTransaction(tx, graph, variant);
      return steps.write(tx, prepared);
    });
  });
}

/** The cross-process half of the variant lock, held until `tx` ends (deleting a graph takes each variant's). */
export async function lockVariantInTransaction(tx: Queryable, graph: string, variant: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1::int, $2::int)', [
    VARIANT_LOCK_NAMESPACE,
    variantLockKey(graph, variant),
  ]);
}

import { createHash } from 'node:crypto';
import type { Queryable } from '../storage/database.js';
import type { RegistryContext } from './registry-context.js';

/** First key of the two-key advisory lock: the registry's namespace for variant locks. */
const VARIANT_LOCK_NAMESPACE = 7_310_415;

function variantLockKey(graph: string, variant: string): number {
  return createHash('sha256').update(`${graph}@${variant}`).digest().readInt32BE(0);
}

/**
 * Runs `fn` in one transaction holding the variant's lock, in this process (mutex) and across processes
 * (`pg_advisory_xact_lock`, released at commit or rollback). Publishes and deletes of one variant therefore
 * happen one after the other, each seeing the result of the previous one.
 */
export function withVariantLock<T>(
  ctx: RegistryContext,
  graph: string,
  variant: string,
  fn: (tx: Queryable) => Promise<T>,
): Promise<T> {
  return ctx.variantLocks.run(`${graph}@${variant}`, () =>
    ctx.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1::int, $2::int)', [
        VARIANT_LOCK_NAMESPACE,
        variantLockKey(graph, variant),
      ]);
      return fn(tx);
    }),
  );
}

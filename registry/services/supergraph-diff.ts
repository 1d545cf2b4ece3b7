import type { SupergraphDiffResult } from '../api-types.js';
import { countSeverities } from './supergraph-diff-counts.js';
import type { RegistryContext } from './registry-context.js';
import { getSupergraphVersion } from './variant-reads.js';
import type { VariantRef } from './variants.js';

/**
 * The classified API-schema changes from supergraph version `from` to version `to` of one variant (either order),
 * and both API schemas printed: the dashboard's diff between any two versions. The diff runs in a schema worker.
 */
export async function diffSupergraphVersions(
  ctx: RegistryContext,
  ref: VariantRef,
  from: number,
  to: number,
): Promise<SupergraphDiffResult> {
  const older = await getSupergraphVersion(ctx, ref, from);
  const newer = await getSupergraphVersion(ctx, ref, to);
  const diff = await ctx.schemaWork.diffSupergraphs(
    { hash: older.hash, sdl: older.supergraphSdl },
    { hash: newer.hash, sdl: newer.supergraphSdl },
  );
  const { supergraphSdl: _olderSdl, ...fromSummary } = older;
  const { supergraphSdl: _newerSdl, ...toSummary } = newer;
  return {
    graph: ref.graph,
    variant: ref.variant,
    from: fromSummary,
    to: toSummary,
    counts: countSeverities(diff.changes),
    changes: diff.changes,
    fromApiSdl: diff.fromApiSdl,
    toApiSdl: diff.toApiSdl,
  };
}

import { randomUUID } from 'node:crypto';
import type { DeleteResult } from '../api-types.js';
import { RegistryErrors } from '../errors.js';
import { deleteSubgraph as deleteSubgraphRow, insertRevision } from '../storage/repositories/subgraphs.js';
import { insertNextVersion } from '../storage/repositories/supergraph-versions.js';
import { findVariant, setCurrentVersion } from '../storage/repositories/variants.js';
import type { Principal } from './authentication.js';
import { loadCheckBase, runCheck } from './checks/run-check.js';
import { requireGraph } from './graphs.js';
import { authorizeSubgraphChange } from './ownership.js';
import { snapshot } from './publish-subgraph.js';
import type { RegistryContext } from './registry-context.js';
import type { VariantRef } from './variant-reads.js';
import { withVariantLock } from './variant-lock.js';

export interface DeleteInput extends VariantRef {
  subgraph: string;
  principal: Principal;
}

/**
 * Deletes a subgraph and recomposes the rest under the variant lock. Refused with COMPOSITION_FAILED when
 * the rest does not compose; deleting the last subgraph leaves the variant without a supergraph. The new
 * version's changelog comes from the same check pipeline as `subgraph check --delete`; deletes are not gated
 * on breaking changes (run the check first).
 */
export async function deleteSubgraph(ctx: RegistryContext, input: DeleteInput): Promise<DeleteResult> {
  const ref = { graph: input.graph, variant: input.variant };
  return withVariantLock(ctx, input.graph, input.variant, async (tx) => {
    const graph = await requireGraph(tx, input.graph);
    const variant = await findVariant(tx, graph.id, input.variant);
    const base = await loadCheckBase(tx, variant);
    const existing = base.subgraphs.find((subgraph) => subgraph.name === input.subgraph);
    if (!variant || !existing)
      throw RegistryErrors.SUBGRAPH_NOT_FOUND.create({ ...ref, subgraph: input.subgraph });
    authorizeSubgraphChange(input.principal, input.subgraph, existing.ownerTeam);
    const remaining = base.subgraphs.filter((subgraph) => subgraph.name !== input.subgraph);

    const run = await runCheck(ctx, tx, base, {
      graph: input.graph,
      graphId: graph.id,
      variant: input.variant,
      proposal: { action: 'delete', subgraph: input.subgraph },
      failOn: 'breaking',
      checkId: randomUUID(),
    });
    if (run.compositionErrors.length > 0) {
      throw RegistryErrors.COMPOSITION_FAILED.create({ errors: run.compositionErrors });
    }
    let version = null;
    if (run.composition) {
      version = await insertNextVersion(tx, {
        variantId: variant.id,
        hash: run.composition.hash(),
        sdl: run.composition.supergraphSdl(),
        publishedBy: input.principal.name,
        change: { action: 'delete', subgraph: input.subgraph },
        subgraphs: snapshot(remaining),
        changelog: run.report.changes,
      });
      ctx.composer.remember(run.composition);
    }
    await deleteSubgraphRow(tx, variant.id, input.subgraph);
    await setCurrentVersion(tx, variant.id, version?.version ?? null);
    await insertRevision(tx, {
      variantId: variant.id,
      name: input.subgraph,
      action: 'delete',
      routingUrl: null,
      sdlHash: null,
      supergraphVersion: version?.version ?? null,
      publishedBy: input.principal.name,
    });
    return { status: 'deleted', version };
  });
}

import type { DeleteResult } from '../api-types.js';
import { RegistryErrors } from '../errors.js';
import {
  deleteSubgraph as deleteSubgraphRow,
  insertRevision,
  listCurrentSubgraphs,
} from '../storage/repositories/subgraphs.js';
import { insertNextVersion } from '../storage/repositories/supergraph-versions.js';
import { findVariant, setCurrentVersion } from '../storage/repositories/variants.js';
import { composeSubgraphs } from './composition.js';
import { requireGraph } from './graphs.js';
import { snapshot } from './publish-subgraph.js';
import type { RegistryContext } from './registry-context.js';
import type { VariantRef } from './variant-reads.js';
import { withVariantLock } from './variant-lock.js';

export interface DeleteInput extends VariantRef {
  subgraph: string;
  deletedBy: string;
}

/**
 * Deletes a subgraph and recomposes the rest under the variant lock. Refused with COMPOSITION_FAILED when
 * the rest does not compose; deleting the last subgraph leaves the variant without a supergraph.
 */
export async function deleteSubgraph(ctx: RegistryContext, input: DeleteInput): Promise<DeleteResult> {
  const ref = { graph: input.graph, variant: input.variant };
  return withVariantLock(ctx, input.graph, input.variant, async (tx) => {
    const graph = await requireGraph(tx, input.graph);
    const variant = await findVariant(tx, graph.id, input.variant);
    const current = variant ? await listCurrentSubgraphs(tx, variant.id) : [];
    if (!variant || !current.some((subgraph) => subgraph.name === input.subgraph)) {
      throw RegistryErrors.SUBGRAPH_NOT_FOUND.create({ ...ref, subgraph: input.subgraph });
    }
    const remaining = current.filter((subgraph) => subgraph.name !== input.subgraph);

    let version = null;
    if (remaining.length > 0) {
      const composition = composeSubgraphs(remaining);
      if (!composition.ok) throw RegistryErrors.COMPOSITION_FAILED.create({ errors: composition.errors });
      version = await insertNextVersion(tx, {
        variantId: variant.id,
        hash: composition.hash,
        sdl: composition.supergraphSdl,
        publishedBy: input.deletedBy,
        change: { action: 'delete', subgraph: input.subgraph },
        subgraphs: snapshot(remaining),
      });
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
      publishedBy: input.deletedBy,
    });
    return { status: 'deleted', version };
  });
}

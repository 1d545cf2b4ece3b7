import { RegistryErrors, type RegistryError } from '../errors.js';
import type { Queryable } from '../storage/database.js';
import { listSubgraphNames } from '../storage/repositories/subgraphs.js';
import type { VariantRef } from './variants.js';

/** SUBGRAPH_NOT_FOUND listing the subgraphs the variant has, so a mistyped name can be corrected. */
export async function subgraphNotFound(
  db: Queryable,
  variantId: number,
  ref: VariantRef,
  subgraph: string,
): Promise<RegistryError> {
  return RegistryErrors.SUBGRAPH_NOT_FOUND.create({
    graph: ref.graph,
    variant: ref.variant,
    subgraph,
    subgraphs: await listSubgraphNames(db, variantId),
  });
}

import type { VariantInfo } from '../api-types.js';
import { RegistryErrors } from '../errors.js';
import type { Queryable } from '../storage/database.js';
import type { GraphRow } from '../storage/repositories/graphs.js';
import {
  findVariant,
  insertVariant,
  listVariantNames,
  type VariantRow,
} from '../storage/repositories/variants.js';
import { findDeletion } from '../storage/repositories/registry-audit.js';
import { requireGraph } from './graphs.js';
import type { RegistryContext } from './registry-context.js';

export interface VariantRef {
  graph: string;
  variant: string;
}

/**
 * The graph and its variant, or UNKNOWN_GRAPH / UNKNOWN_VARIANT (listing the variants that exist). Every read and
 * check of a variant goes through here, so a mistyped variant fails loudly instead of reading as empty. A variant
 * exists once it was created explicitly (`POST /v1/graphs/:graph/variants`) or by its first publish.
 */
export async function requireVariant(
  db: Queryable,
  ref: VariantRef,
): Promise<{ graph: GraphRow; variant: VariantRow }> {
  const graph = await requireGraph(db, ref.graph);
  const variant = await findVariant(db, graph.id, ref.variant);
  if (!variant) {
    const variants = await listVariantNames(db, graph.id);
    const deletion = await findDeletion(db, ref.graph, ref.variant);
    // Only a deletion in this graph, not in an earlier graph of the same name.
    if (deletion && deletion.createdAt >= graph.createdAt) {
      throw RegistryErrors.VARIANT_DELETED.create({
        graph: ref.graph,
        variant: ref.variant,
        deletedBy: deletion.actor,
        deletedAt: deletion.createdAt,
        reason: deletion.reason,
        variants,
      });
    }
    throw RegistryErrors.UNKNOWN_VARIANT.create({ graph: ref.graph, variant: ref.variant, variants });
  }
  return { graph, variant };
}

/** Creates an empty variant of an existing graph (admin): checks can run against it before its first publish. */
export async function createVariant(ctx: RegistryContext, ref: VariantRef): Promise<VariantInfo> {
  const graph = await requireGraph(ctx.db, ref.graph);
  const variant = await insertVariant(ctx.db, graph.id, ref.variant);
  if (!variant) throw RegistryErrors.VARIANT_EXISTS.create(ref);
  return { graph: graph.name, name: variant.name, createdAt: variant.createdAt };
}

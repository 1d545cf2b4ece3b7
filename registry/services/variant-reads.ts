import type { Subgraph, SubgraphWithSdl, SupergraphVersion, VersionSummary } from '../api-types.js';
import { RegistryErrors } from '../errors.js';
import { findCurrentSubgraph, listCurrentSubgraphs, withoutSdl } from '../storage/repositories/subgraphs.js';
import { findVersion, listVersions } from '../storage/repositories/supergraph-versions.js';
import { findVariant, type VariantRow } from '../storage/repositories/variants.js';
import { requireGraph } from './graphs.js';
import type { RegistryContext } from './registry-context.js';

export interface VariantRef {
  graph: string;
  variant: string;
}

/** The variant, or `null` when nothing was ever published to it; UNKNOWN_GRAPH when the graph is missing. */
async function lookupVariant(ctx: RegistryContext, ref: VariantRef): Promise<VariantRow | null> {
  const graph = await requireGraph(ctx.db, ref.graph);
  return findVariant(ctx.db, graph.id, ref.variant);
}

export async function listSubgraphs(ctx: RegistryContext, ref: VariantRef): Promise<Subgraph[]> {
  const variant = await lookupVariant(ctx, ref);
  if (!variant) return [];
  return (await listCurrentSubgraphs(ctx.db, variant.id)).map(withoutSdl);
}

export async function getSubgraph(
  ctx: RegistryContext,
  ref: VariantRef,
  name: string,
): Promise<SubgraphWithSdl> {
  const variant = await lookupVariant(ctx, ref);
  const subgraph = variant ? await findCurrentSubgraph(ctx.db, variant.id, name) : null;
  if (!subgraph) throw RegistryErrors.SUBGRAPH_NOT_FOUND.create({ ...ref, subgraph: name });
  return subgraph;
}

export async function getCurrentSupergraph(
  ctx: RegistryContext,
  ref: VariantRef,
): Promise<SupergraphVersion> {
  const variant = await lookupVariant(ctx, ref);
  const current =
    variant?.currentVersion != null ? await findVersion(ctx.db, variant.id, variant.currentVersion) : null;
  if (!current) throw RegistryErrors.SUPERGRAPH_NOT_FOUND.create(ref);
  return current;
}

export async function getSupergraphVersion(
  ctx: RegistryContext,
  ref: VariantRef,
  version: number,
): Promise<SupergraphVersion> {
  const variant = await lookupVariant(ctx, ref);
  const found = variant ? await findVersion(ctx.db, variant.id, version) : null;
  if (!found) throw RegistryErrors.VERSION_NOT_FOUND.create({ ...ref, version });
  return found;
}

export async function getHistory(ctx: RegistryContext, ref: VariantRef): Promise<VersionSummary[]> {
  const variant = await lookupVariant(ctx, ref);
  return variant ? listVersions(ctx.db, variant.id) : [];
}

import type { Subgraph, SubgraphWithSdl, SupergraphVersion, VersionSummary } from '../api-types.js';
import { RegistryErrors } from '../errors.js';
import { findCurrentSubgraph, listCurrentSubgraphs, withoutSdl } from '../storage/repositories/subgraphs.js';
import { findVersion, listVersions } from '../storage/repositories/supergraph-versions.js';
import type { VariantRow } from '../storage/repositories/variants.js';
import type { RegistryContext } from './registry-context.js';
import { subgraphNotFound } from './subgraph-not-found.js';
import { requireVariant, type VariantRef } from './variants.js';

export type { VariantRef } from './variants.js';

/** The variant; UNKNOWN_GRAPH or UNKNOWN_VARIANT when it does not exist. */
async function lookupVariant(ctx: RegistryContext, ref: VariantRef): Promise<VariantRow> {
  return (await requireVariant(ctx.db, ref)).variant;
}

export async function listSubgraphs(ctx: RegistryContext, ref: VariantRef): Promise<Subgraph[]> {
  const variant = await lookupVariant(ctx, ref);
  return (await listCurrentSubgraphs(ctx.db, variant.id)).map(withoutSdl);
}

export async function getSubgraph(
  ctx: RegistryContext,
  ref: VariantRef,
  name: string,
): Promise<SubgraphWithSdl> {
  const variant = await lookupVariant(ctx, ref);
  const subgraph = await findCurrentSubgraph(ctx.db, variant.id, name);
  if (!subgraph) throw await subgraphNotFound(ctx.db, variant.id, ref, name);
  return subgraph;
}

export async function getCurrentSupergraph(
  ctx: RegistryContext,
  ref: VariantRef,
): Promise<SupergraphVersion> {
  const variant = await lookupVariant(ctx, ref);
  const current =
    variant.currentVersion != null ? await findVersion(ctx.db, variant.id, variant.currentVersion) : null;
  if (!current) throw RegistryErrors.SUPERGRAPH_NOT_FOUND.create(ref);
  return current;
}

export async function getSupergraphVersion(
  ctx: RegistryContext,
  ref: VariantRef,
  version: number,
): Promise<SupergraphVersion> {
  const variant = await lookupVariant(ctx, ref);
  const found = await findVersion(ctx.db, variant.id, version);
  if (!found) throw RegistryErrors.VERSION_NOT_FOUND.create({ ...ref, version });
  return found;
}

export async function getHistory(ctx: RegistryContext, ref: VariantRef): Promise<VersionSummary[]> {
  const variant = await lookupVariant(ctx, ref);
  return listVersions(ctx.db, variant.id);
}

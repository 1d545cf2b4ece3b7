import type { PublishResult, SubgraphSnapshot } from '../api-types.js';
import { RegistryErrors } from '../errors.js';
import { compareNames } from '../names.js';
import { storeSchema } from '../storage/repositories/schemas.js';
import { insertRevision, listCurrentSubgraphs, upsertSubgraph } from '../storage/repositories/subgraphs.js';
import { findVersionSummary, insertNextVersion } from '../storage/repositories/supergraph-versions.js';
import { ensureVariant, setCurrentVersion } from '../storage/repositories/variants.js';
import { composeSubgraphs, type SubgraphSource } from './composition.js';
import { requireGraph } from './graphs.js';
import { sha256Hex } from './hashing.js';
import type { RegistryContext } from './registry-context.js';
import { parseSubgraphSdl } from './subgraph-sdl.js';
import type { VariantRef } from './variant-reads.js';
import { withVariantLock } from './variant-lock.js';

export interface PublishInput extends VariantRef {
  subgraph: string;
  sdl: string;
  routingUrl: string;
  publishedBy: string;
}

/**
 * Publishes a subgraph: parse, then under the variant lock compose it with the other current subgraphs and
 * store a new immutable supergraph version. A composition failure throws COMPOSITION_FAILED before anything
 * is written (and the transaction rolls back anyway).
 */
export async function publishSubgraph(ctx: RegistryContext, input: PublishInput): Promise<PublishResult> {
  parseSubgraphSdl(input.subgraph, input.sdl);
  const sdlHash = sha256Hex(input.sdl);
  return withVariantLock(ctx, input.graph, input.variant, async (tx) => {
    const graph = await requireGraph(tx, input.graph);
    const variant = await ensureVariant(tx, graph.id, input.variant);
    const current = await listCurrentSubgraphs(tx, variant.id);
    const existing = current.find((subgraph) => subgraph.name === input.subgraph);

    if (existing && existing.sdlHash === sdlHash && existing.routingUrl === input.routingUrl) {
      const version =
        variant.currentVersion != null
          ? await findVersionSummary(tx, variant.id, variant.currentVersion)
          : null;
      if (version) return { status: 'unchanged', version };
    }

    const proposed: SubgraphSource[] = [
      ...current.filter((subgraph) => subgraph.name !== input.subgraph),
      { name: input.subgraph, routingUrl: input.routingUrl, sdl: input.sdl },
    ];
    const composition = composeSubgraphs(proposed);
    if (!composition.ok) throw RegistryErrors.COMPOSITION_FAILED.create({ errors: composition.errors });

    await storeSchema(tx, sdlHash, input.sdl);
    await upsertSubgraph(tx, {
      variantId: variant.id,
      name: input.subgraph,
      routingUrl: input.routingUrl,
      sdlHash,
      publishedBy: input.publishedBy,
    });
    const version = await insertNextVersion(tx, {
      variantId: variant.id,
      hash: composition.hash,
      sdl: composition.supergraphSdl,
      publishedBy: input.publishedBy,
      change: { action: 'publish', subgraph: input.subgraph },
      subgraphs: snapshot(proposed),
    });
    await setCurrentVersion(tx, variant.id, version.version);
    await insertRevision(tx, {
      variantId: variant.id,
      name: input.subgraph,
      action: 'publish',
      routingUrl: input.routingUrl,
      sdlHash,
      supergraphVersion: version.version,
      publishedBy: input.publishedBy,
    });
    return { status: 'published', version, created: !existing };
  });
}

/** The subgraphs a version was composed from, sorted by name. */
export function snapshot(subgraphs: readonly SubgraphSource[]): SubgraphSnapshot[] {
  return [...subgraphs]
    .sort((a, b) => compareNames(a.name, b.name))
    .map((subgraph) => ({
      name: subgraph.name,
      routingUrl: subgraph.routingUrl,
      sdlHash: sha256Hex(subgraph.sdl),
    }));
}

import { composeServices } from '@apollo/composition';
import { getLocation, type GraphQLError } from 'graphql';
import type { CompositionError } from '../api-types.js';
import { compareNames } from '../names.js';
import { sha256Hex } from './hashing.js';
import { parseSubgraphSdl } from './subgraph-sdl.js';

export interface SubgraphSource {
  name: string;
  routingUrl: string;
  sdl: string;
}

/** A failed composition is an expected outcome, so it is a value; callers decide what it means. */
export type CompositionOutcome =
  { ok: true; supergraphSdl: string; hash: string } | { ok: false; errors: CompositionError[] };

/** Composes the subgraphs (sorted by name, so the supergraph does not depend on their order). */
export function composeSubgraphs(subgraphs: readonly SubgraphSource[]): CompositionOutcome {
  const services = [...subgraphs]
    .sort((a, b) => compareNames(a.name, b.name))
    .map((subgraph) => ({
      name: subgraph.name,
      url: subgraph.routingUrl,
      typeDefs: parseSubgraphSdl(subgraph.name, subgraph.sdl),
    }));
  const result = composeServices(services);
  if (result.errors) return { ok: false, errors: result.errors.map(toCompositionError) };
  return { ok: true, supergraphSdl: result.supergraphSdl, hash: sha256Hex(result.supergraphSdl) };
}

/** Apollo prefixes errors raised while building one subgraph with `[name] `. */
const SUBGRAPH_PREFIX = /^\[([A-Za-z][A-Za-z0-9_-]*)\] /;

export function toCompositionError(error: GraphQLError): CompositionError {
  const code = typeof error.extensions.code === 'string' ? error.extensions.code : 'COMPOSITION_ERROR';
  const fallbackSubgraph = SUBGRAPH_PREFIX.exec(error.message)?.[1] ?? null;
  const locations: CompositionError['locations'] = [];
  for (const node of error.nodes ?? []) {
    if (!node.loc) continue;
    const { line, column } = getLocation(node.loc.source, node.loc.start);
    // Sources are named after their subgraph by parseSubgraphSdl; 'GraphQL request' is graphql-js's default.
    const name = node.loc.source.name;
    locations.push({ subgraph: name && name !== 'GraphQL request' ? name : fallbackSubgraph, line, column });
  }
  return { message: error.message, code, locations };
}

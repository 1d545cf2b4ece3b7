import { mergeSubgraphs, validateSatisfiability } from '@apollo/composition';
import {
  buildSubgraph,
  defaultPrintOptions,
  errorCauses,
  printSchema,
  shallowOrderPrintedDefinitions,
  Subgraphs,
  upgradeSubgraphsIfNecessary,
  type Schema,
  type Subgraph,
} from '@apollo/federation-internals';
import { getLocation, type GraphQLError, type GraphQLSchema } from 'graphql';
import type { CompositionError } from '../api-types.js';
import { apiSchemaFromComposedSchema, apiSchemaFromSupergraph } from '../checks/api-schema.js';
import { compareNames } from '../names.js';
import { sha256Hex } from './hashing.js';
import { createBoundedCache } from '../../lib/bounded-cache.js';
import { parseSubgraphSdl } from './subgraph-sdl.js';

export interface SubgraphSource {
  name: string;
  routingUrl: string;
  sdl: string;
}

/** A composed supergraph. The SDL, its hash and the API schema are computed on first use, then kept. */
export interface ComposedGraph {
  readonly ok: true;
  /** The federation-internals supergraph schema (what `composeServices` returns as `schema`). */
  readonly schema: Schema;
  supergraphSdl(): string;
  hash(): string;
  apiSchema(): GraphQLSchema;
}

/** A failed composition is an expected outcome, so it is a value; callers decide what it means. */
export type Composition = ComposedGraph | { readonly ok: false; readonly errors: CompositionError[] };

/** The plain outcome of `composeSubgraphs`. */
export type CompositionOutcome =
  { ok: true; supergraphSdl: string; hash: string } | { ok: false; errors: CompositionError[] };

type BuiltSubgraph = { ok: true; subgraph: Subgraph } | { ok: false; errors: CompositionError[] };

/**
 * Composes subgraphs the way `composeServices` does (build and validate each subgraph, upgrade Federation 1
 * subgraphs, merge, check satisfiability, print), reusing what did not change:
 *
 * - built and validated subgraphs, by name, routing URL and SDL hash: `mergeSubgraphs` and satisfiability only
 *   read them (satisfiability works on the merged supergraph), so one `Subgraph` can serve many compositions;
 * - whole compositions, by the set of (name, URL, SDL hash): a check followed by the publish of the same SDL
 *   composes once;
 * - API schemas of stored supergraphs, by supergraph hash.
 *
 * Satisfiability is never skipped: whether a change can affect it is not decidable from the change alone.
 * The supergraph SDL is printed only when asked for (a check does not need it).
 */
export class Composer {
  readonly #subgraphs = createBoundedCache<string, BuiltSubgraph>(512);
  readonly #compositions = createBoundedCache<string, Composition>(4);
  readonly #apiSchemas = createBoundedCache<string, GraphQLSchema>(4);

  compose(sources: readonly SubgraphSource[]): Composition {
    const sorted = [...sources].sort((a, b) => compareNames(a.name, b.name));
    const key = sorted.map((s) => `${s.name}\u0000${s.routingUrl}\u0000${sha256Hex(s.sdl)}`).join('\u0001');
    const cached = this.#compositions.get(key);
    if (cached) return cached;
    const composition = this.#composeSorted(sorted);
    this.#compositions.set(key, composition);
    return composition;
  }

  /** The API schema of a stored supergraph, built from its SDL once per hash. */
  apiSchemaOfSupergraph(hash: string, supergraphSdl: string): GraphQLSchema {
    const cached = this.#apiSchemas.get(hash);
    if (cached) return cached;
    const schema = apiSchemaFromSupergraph(supergraphSdl);
    this.#apiSchemas.set(hash, schema);
    return schema;
  }

  /** After a publish: the new current supergraph's API schema is already known. */
  remember(composed: ComposedGraph): void {
    this.#apiSchemas.set(composed.hash(), composed.apiSchema());
  }

  #composeSorted(sources: readonly SubgraphSource[]): Composition {
    const built = sources.map((source) => this.#build(source));
    const buildErrors = built.flatMap((b) => (b.ok ? [] : b.errors));
    if (buildErrors.length > 0) return { ok: false, errors: buildErrors };
    const subgraphs = new Subgraphs();
    for (const b of built) if (b.ok) subgraphs.add(b.subgraph);
    const merged = mergeBuilt(subgraphs);
    if (!merged.ok) return merged;
    return composedGraph(merged.schema);
  }

  #build(source: SubgraphSource): BuiltSubgraph {
    const key = `${source.name}\u0000${source.routingUrl}\u0000${sha256Hex(source.sdl)}`;
    const cached = this.#subgraphs.get(key);
    if (cached) return cached;
    let built: BuiltSubgraph;
    try {
      const document = parseSubgraphSdl(source.name, source.sdl);
      built = { ok: true, subgraph: buildSubgraph(source.name, source.routingUrl, document) };
    } catch (error) {
      const causes = error instanceof Error ? errorCauses(error) : undefined;
      if (!causes) throw error;
      built = { ok: false, errors: causes.map(toCompositionError) };
    }
    this.#subgraphs.set(key, built);
    return built;
  }
}

function mergeBuilt(
  subgraphs: Subgraphs,
): { ok: true; schema: Schema } | { ok: false; errors: CompositionError[] } {
  const fail = (errors: readonly GraphQLError[]) => ({
    ok: false as const,
    errors: errors.map(toCompositionError),
  });
  const upgraded = upgradeSubgraphsIfNecessary(subgraphs);
  if (upgraded.errors) return fail(upgraded.errors);
  const toMerge = upgraded.subgraphs;
  if (!toMerge) return fail([]);
  const invalid = toMerge.validate();
  if (invalid) return fail(invalid);
  const merged = mergeSubgraphs(toMerge);
  if (merged.errors) return fail(merged.errors);
  const satisfiable = validateSatisfiability({ supergraphSchema: merged.supergraph });
  if (satisfiable.errors) return fail(satisfiable.errors);
  return { ok: true, schema: merged.supergraph };
}

function composedGraph(schema: Schema): ComposedGraph {
  let sdl: string | undefined;
  let hash: string | undefined;
  let api: GraphQLSchema | undefined;
  const supergraphSdl = (): string =>
    (sdl ??= printSchema(schema, shallowOrderPrintedDefinitions(defaultPrintOptions)));
  return {
    ok: true,
    schema,
    supergraphSdl,
    hash: () => (hash ??= sha256Hex(supergraphSdl())),
    apiSchema: () => (api ??= apiSchemaFromComposedSchema(schema)),
  };
}

/** Composes subgraphs (sorted by name, so the supergraph does not depend on their order), without caches. */
export function composeSubgraphs(subgraphs: readonly SubgraphSource[]): CompositionOutcome {
  const composition = new Composer().compose(subgraphs);
  if (!composition.ok) return composition;
  return { ok: true, supergraphSdl: composition.supergraphSdl(), hash: composition.hash() };
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

import { errorCauses } from '@apollo/federation-internals';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { apiSchemaFromSupergraph } from './api-schema.js';
import { buildPlainSchema, parseSdl, toSdlError, type SdlBuildResult } from './build-plain-schema.js';
import { detectSdlKind, type SdlKind } from './sdl-kind.js';
import { subgraphOwnSchema } from './subgraph-schema.js';

export type { SdlBuildResult, SdlError, SdlLocation } from './build-plain-schema.js';

/**
 * Parses, validates and builds an SDL file into the schema to diff: the schema itself, a subgraph's own schema,
 * or a supergraph's API schema (see sdl-kind.ts). An invalid SDL is an expected outcome, returned as errors with
 * their line and column in `sourceName`. graphql-js builds with `assumeValidSDL` because it has just validated
 * the SDL: validating twice is most of the cost on large schemas.
 */
export function buildSdlSchema(sdl: string, sourceName: string): SdlBuildResult {
  const parsed = parseSdl(sdl, sourceName);
  if (!parsed.ok) return parsed;
  return buildParsedSdl(parsed.document, sdl, sourceName);
}

/** `buildSdlSchema` of an already parsed document. */
export function buildParsedSdl(document: DocumentNode, sdl: string, sourceName: string): SdlBuildResult {
  const kind = detectSdlKind(document, sdl);
  switch (kind) {
    case 'schema':
      return buildPlainSchema(document);
    case 'subgraph':
      return buildWithFederation(kind, document, () => subgraphOwnSchema(subgraphName(sourceName), document));
    case 'supergraph':
      return buildWithFederation(kind, document, () => apiSchemaFromSupergraph(document));
  }
}

/** federation-internals reports invalid schemas by throwing; this is the one place that turns that into a value. */
function buildWithFederation(
  kind: SdlKind,
  document: DocumentNode,
  build: () => GraphQLSchema,
): SdlBuildResult {
  try {
    return { ok: true, kind, schema: build(), document };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const causes = errorCauses(error) ?? [error];
    return { ok: false, stage: 'validate', errors: causes.map(toSdlError) };
  }
}

/** federation-internals prefixes messages with the subgraph name: the file's base name reads best. */
function subgraphName(sourceName: string): string {
  const base = sourceName.split(/[\\/]/).pop() ?? sourceName;
  return base.replace(/\.(graphqls?|gql|sdl)$/i, '') || 'subgraph';
}

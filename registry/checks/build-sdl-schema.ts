import { errorCauses } from '@apollo/federation-internals';
import {
  buildASTSchema,
  GraphQLError,
  parse,
  Source,
  validateSchema,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { createRequire } from 'node:module';
import type { validateSDL as ValidateSdl } from 'graphql/validation/validate.js';
import { apiSchemaFromSupergraph } from './api-schema.js';
import { detectSdlKind, type SdlKind } from './sdl-kind.js';
import { subgraphOwnSchema } from './subgraph-schema.js';

// graphql-js's `validateSDL` (the SDL rules with every error, each with its location) is not exported from the
// package root. It is loaded by path through `require`, which resolves the same CommonJS module graphql's root
// uses, and which no bundler alias of `graphql` (vitest.config.ts has one) can rewrite into a broken path.
const { validateSDL } = createRequire(import.meta.url)('graphql/validation/validate.js') as {
  validateSDL: typeof ValidateSdl;
};

export interface SdlLocation {
  readonly line: number;
  readonly column: number;
}

/** A reason an SDL does not give a schema, with where it points in the source when known. */
export interface SdlError {
  readonly message: string;
  readonly locations: readonly SdlLocation[];
}

export type SdlBuildResult =
  | {
      readonly ok: true;
      readonly kind: SdlKind;
      readonly schema: GraphQLSchema;
      readonly document: DocumentNode;
    }
  | { readonly ok: false; readonly stage: 'parse' | 'validate'; readonly errors: readonly SdlError[] };

/**
 * Parses, validates and builds an SDL file into the schema to diff: the schema itself, a subgraph's own schema,
 * or a supergraph's API schema (see sdl-kind.ts). An invalid SDL is an expected outcome, returned as errors with
 * their line and column in `sourceName`. graphql-js builds with `assumeValidSDL` because it has just validated
 * the SDL: validating twice is most of the cost on large schemas.
 */
export function buildSdlSchema(sdl: string, sourceName: string): SdlBuildResult {
  let document: DocumentNode;
  try {
    document = parse(new Source(sdl, sourceName));
  } catch (error) {
    return { ok: false, stage: 'parse', errors: [toSdlError(error)] };
  }
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

function buildPlainSchema(document: DocumentNode): SdlBuildResult {
  const sdlErrors = validateSDL(document);
  if (sdlErrors.length > 0) return { ok: false, stage: 'validate', errors: sdlErrors.map(toSdlError) };
  const schema = buildASTSchema(document, { assumeValidSDL: true });
  // The SDL rules do not cover type-system rules such as "an object implements its interfaces' fields".
  const schemaErrors = validateSchema(schema);
  if (schemaErrors.length > 0) return { ok: false, stage: 'validate', errors: schemaErrors.map(toSdlError) };
  return { ok: true, kind: 'schema', schema, document };
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

function toSdlError(error: unknown): SdlError {
  if (error instanceof GraphQLError) {
    return {
      message: error.message,
      locations: (error.locations ?? []).map(({ line, column }) => ({ line, column })),
    };
  }
  if (error instanceof Error) return { message: error.message, locations: [] };
  throw error;
}

/** federation-internals prefixes messages with the subgraph name: the file's base name reads best. */
function subgraphName(sourceName: string): string {
  const base = sourceName.split(/[\\/]/).pop() ?? sourceName;
  return base.replace(/\.(graphqls?|gql|sdl)$/i, '') || 'subgraph';
}

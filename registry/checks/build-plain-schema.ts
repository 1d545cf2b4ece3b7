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
import type { SdlKind } from './sdl-kind.js';

// Building a plain (non-federated) schema needs graphql-js only: `atrium schema diff` of two plain schemas loads
// this file and not federation-internals (build-sdl-schema.ts adds the federated kinds).

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

export type SdlParseResult =
  | { readonly ok: true; readonly document: DocumentNode }
  | { readonly ok: false; readonly stage: 'parse'; readonly errors: readonly SdlError[] };

export function parseSdl(sdl: string, sourceName: string): SdlParseResult {
  try {
    return { ok: true, document: parse(new Source(sdl, sourceName)) };
  } catch (error) {
    return { ok: false, stage: 'parse', errors: [toSdlError(error)] };
  }
}

export function buildPlainSchema(document: DocumentNode): SdlBuildResult {
  const sdlErrors = validateSDL(document);
  if (sdlErrors.length > 0) return { ok: false, stage: 'validate', errors: sdlErrors.map(toSdlError) };
  const schema = buildASTSchema(document, { assumeValidSDL: true });
  // The SDL rules do not cover type-system rules such as "an object implements its interfaces' fields".
  const schemaErrors = validateSchema(schema);
  if (schemaErrors.length > 0) return { ok: false, stage: 'validate', errors: schemaErrors.map(toSdlError) };
  return { ok: true, kind: 'schema', schema, document };
}

export function toSdlError(error: unknown): SdlError {
  if (error instanceof GraphQLError) {
    return {
      message: error.message,
      locations: (error.locations ?? []).map(({ line, column }) => ({ line, column })),
    };
  }
  if (error instanceof Error) return { message: error.message, locations: [] };
  throw error;
}

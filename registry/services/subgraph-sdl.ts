import { GraphQLError, Kind, parse, Source, type DocumentNode } from 'graphql';
import { RegistryErrors, type SdlLocation } from '../errors.js';

/**
 * Parses a subgraph's SDL. The source is named after the subgraph so that composition errors, whose AST
 * nodes keep their source, can say which subgraph they come from.
 */
export function parseSubgraphSdl(subgraph: string, sdl: string): DocumentNode {
  const inspection = inspectParse(subgraph, sdl);
  if (!inspection.ok) throw RegistryErrors.INVALID_SDL.create({ subgraph, ...inspection });
  return inspection.document;
}

/** What the schema workers answer about a proposed SDL: a plain value, so that it crosses the thread boundary. */
export type SdlInspection =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly problem: 'syntax';
      readonly reason: string;
      readonly locations: SdlLocation[];
    }
  | { readonly ok: false; readonly problem: 'too-many-fields'; readonly limit: number };

/** Parses and measures an SDL against `maxFields` (see `countFields`). Runs in a schema worker. */
export function inspectSubgraphSdl(subgraph: string, sdl: string, maxFields: number): SdlInspection {
  const parsed = inspectParse(subgraph, sdl);
  if (!parsed.ok) return { ok: false, problem: 'syntax', reason: parsed.reason, locations: parsed.locations };
  if (countFields(parsed.document) > maxFields)
    return { ok: false, problem: 'too-many-fields', limit: maxFields };
  return { ok: true };
}

type Parsed =
  | { readonly ok: true; readonly document: DocumentNode }
  | { readonly ok: false; readonly reason: string; readonly locations: SdlLocation[] };

function inspectParse(subgraph: string, sdl: string): Parsed {
  // PostgreSQL text cannot hold U+0000, and graphql-js accepts it in comments and strings.
  const nul = locateNul(sdl);
  if (nul) {
    return {
      ok: false,
      reason: 'the SDL contains a NUL character (U+0000), which cannot be stored',
      locations: [nul],
    };
  }
  try {
    return { ok: true, document: parse(new Source(sdl, subgraph)) };
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return {
      ok: false,
      reason: error.message,
      locations: (error.locations ?? []).map(({ line, column }) => ({ line, column })),
    };
  }
}

/** Line and column (1-based) of the first NUL character, or `null`. */
export function locateNul(text: string): SdlLocation | null {
  const index = text.indexOf('\u0000');
  if (index < 0) return null;
  const before = text.slice(0, index);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: index - lineStart + 1 };
}

/**
 * What the field limit counts: field, argument, input-field and enum-value definitions, in definitions and
 * extensions alike. Together they bound what composition and diffing work through.
 */
export function countFields(document: DocumentNode): number {
  let count = 0;
  for (const definition of document.definitions) {
    switch (definition.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.OBJECT_TYPE_EXTENSION:
      case Kind.INTERFACE_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_EXTENSION:
        for (const field of definition.fields ?? []) count += 1 + (field.arguments?.length ?? 0);
        break;
      case Kind.INPUT_OBJECT_TYPE_DEFINITION:
      case Kind.INPUT_OBJECT_TYPE_EXTENSION:
        count += definition.fields?.length ?? 0;
        break;
      case Kind.ENUM_TYPE_DEFINITION:
      case Kind.ENUM_TYPE_EXTENSION:
        count += definition.values?.length ?? 0;
        break;
      case Kind.DIRECTIVE_DEFINITION:
        count += definition.arguments?.length ?? 0;
        break;
      case Kind.SCALAR_TYPE_DEFINITION:
      case Kind.SCALAR_TYPE_EXTENSION:
      case Kind.UNION_TYPE_DEFINITION:
      case Kind.UNION_TYPE_EXTENSION:
      case Kind.SCHEMA_DEFINITION:
      case Kind.SCHEMA_EXTENSION:
      case Kind.DIRECTIVE_EXTENSION:
      case Kind.OPERATION_DEFINITION:
      case Kind.FRAGMENT_DEFINITION:
        break;
    }
  }
  return count;
}

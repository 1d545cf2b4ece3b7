import { GraphQLError, parse, Source, type DocumentNode } from 'graphql';
import { RegistryErrors } from '../errors.js';

/**
 * Parses a subgraph's SDL. The source is named after the subgraph so that composition errors, whose AST
 * nodes keep their source, can say which subgraph they come from.
 */
export function parseSubgraphSdl(subgraph: string, sdl: string): DocumentNode {
  try {
    return parse(new Source(sdl, subgraph));
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    throw RegistryErrors.INVALID_SDL.create({
      subgraph,
      reason: error.message,
      locations: (error.locations ?? []).map(({ line, column }) => ({ line, column })),
    });
  }
}

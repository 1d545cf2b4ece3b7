import type { GraphQLSchema } from 'graphql';
import type { SupergraphMetadata } from './metadata.js';
import type { PreparedSupergraph } from './prepare-supergraph.js';

/** A supergraph the gateway just loaded, with the API schema requests on it will carry. */
export interface LoadedSupergraph {
  readonly schema: GraphQLSchema;
  readonly supergraph: PreparedSupergraph;
}

/** The read-only face of the supergraph manager that policies get. */
export interface SupergraphView {
  /** The supergraph being served, or null before the first one is loaded. */
  current(): PreparedSupergraph | null;
  /**
   * The metadata of the supergraph a schema was built from. Pass `requestContext.schema`: a request keeps the
   * schema it started with across a hot reload, so this answers for that request's supergraph, not the newest.
   */
  metadataForSchema(schema: GraphQLSchema): SupergraphMetadata | undefined;
  /**
   * Calls `listener` each time the gateway loads a supergraph, before any request runs on it: build
   * per-supergraph state here (and log its warnings), not per request. Returns an unsubscribe function.
   */
  onLoad(listener: (loaded: LoadedSupergraph) => void): () => void;
}

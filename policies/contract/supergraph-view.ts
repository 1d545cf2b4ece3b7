import type { GraphQLSchema } from 'graphql';
import type { DirectiveMetadata } from './spec-directive.js';

/** What a policy sees of a supergraph the hub serves. */
export interface PolicySupergraph {
  /** sha256 hex of the SDL as composed. */
  readonly hash: string;
  /** The values of the spec directives the policies declared (`specDirective`), by coordinate. */
  readonly directives: DirectiveMetadata;
  /**
   * The subgraphs that resolve `Type.field`, from the supergraph's join metadata (`@join__type` /
   * `@join__field`): several for a shareable field, none for a coordinate the supergraph does not have.
   */
  fieldOwner(coordinate: string): readonly string[];
}

/** A supergraph the gateway just loaded, with the API schema requests on it will carry. */
export interface LoadedSupergraph {
  readonly schema: GraphQLSchema;
  readonly supergraph: PolicySupergraph;
}

/** The read-only face of the hub's supergraph manager that policies get. */
export interface SupergraphView {
  /** The supergraph being served, or null before the first one is loaded. */
  current(): PolicySupergraph | null;
  /**
   * The supergraph a schema was built from. Pass `requestContext.schema`: a request keeps the schema it started
   * with across a hot reload, so this answers for that request's supergraph, not the newest.
   */
  supergraphForSchema(schema: GraphQLSchema): PolicySupergraph | undefined;
  /**
   * Calls `listener` each time the gateway loads a supergraph, before any request runs on it: build
   * per-supergraph state here (and log its warnings), not per request. Returns an unsubscribe function.
   */
  onLoad(listener: (loaded: LoadedSupergraph) => void): () => void;
}

import { Supergraph, type Schema } from '@apollo/federation-internals';
import type { DocumentNode, GraphQLSchema } from 'graphql';

/**
 * The API schema of a supergraph: the schema clients see. `@inaccessible` elements, the `join__`/`link__`
 * machinery and every linked spec's definitions are gone, and which subgraph resolves a field is not part of
 * it, so a field that moves between subgraphs is not a change.
 *
 * `supportedFeatures: null` accepts every linked spec: a supergraph that links `authenticated`,
 * `requiresScopes`, `policy` or `cost` (which the hub enforces) builds fine. Feature support is a question for
 * whoever executes the supergraph, not for comparing what clients can query.
 *
 * Throws when the SDL is not a valid supergraph: callers pass what composition produced.
 */
export function apiSchemaFromSupergraph(supergraphSdl: string | DocumentNode): GraphQLSchema {
  return Supergraph.build(supergraphSdl, { supportedFeatures: null }).apiSchema().toGraphQLJSSchema();
}

/**
 * The same API schema from the federation-internals schema that `composeServices` returns next to the SDL
 * (`result.schema`): no re-parsing and re-validating of the printed supergraph, which is most of the cost of
 * `apiSchemaFromSupergraph` on large graphs (see bench/check).
 */
export function apiSchemaFromComposedSchema(supergraphSchema: Schema): GraphQLSchema {
  return supergraphSchema.toAPISchema().toGraphQLJSSchema();
}

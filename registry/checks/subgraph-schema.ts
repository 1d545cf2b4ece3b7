import { buildSubgraph, removeAllCoreFeatures } from '@apollo/federation-internals';
import type { DocumentNode, GraphQLSchema } from 'graphql';

/** What federation adds to every subgraph: the router's entry points, not part of the subgraph's own schema. */
const FEDERATION_QUERY_FIELDS = ['_entities', '_service'] as const;
const FEDERATION_TYPES = ['_Entity', '_Service', '_Any'] as const;

/**
 * Builds and validates a subgraph SDL (Federation 1 or 2) the way composition does, then returns its own
 * schema: linked specs' definitions (`@key`, `link__Import`, `federation__FieldSet`…) and the `_entities` /
 * `_service` entry points are removed. `@inaccessible` elements stay: they are still part of what the subgraph
 * offers the router. Throws federation-internals' errors (with `causes`) when the subgraph is invalid.
 */
export function subgraphOwnSchema(name: string, document: DocumentNode): GraphQLSchema {
  const subgraph = buildSubgraph(name, 'http://subgraph.invalid', document).validate();
  const schema = subgraph.schema.clone();
  removeAllCoreFeatures(schema);
  const query = schema.schemaDefinition.rootType('query');
  for (const field of FEDERATION_QUERY_FIELDS) query?.field(field)?.remove();
  // A subgraph that only contributes entities has no Query fields of its own.
  if (query && query.fields().length === 0) query.removeRecursive();
  for (const type of FEDERATION_TYPES) schema.type(type)?.remove();
  return schema.toGraphQLJSSchema();
}

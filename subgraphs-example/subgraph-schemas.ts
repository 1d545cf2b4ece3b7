import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';
import { accountsResolvers } from './accounts/resolvers.js';
import { inventoryResolvers } from './inventory/resolvers.js';
import { productsResolvers } from './products/resolvers.js';
import { reviewsResolvers } from './reviews/resolvers.js';
import { exampleSubgraphSdl } from './schema-files.js';
import type { ExampleSubgraphName } from './subgraph-names.js';

const RESOLVERS = {
  accounts: accountsResolvers,
  products: productsResolvers,
  reviews: reviewsResolvers,
  inventory: inventoryResolvers,
} satisfies Record<ExampleSubgraphName, unknown>;

/** The executable subgraph schema: `schema.graphql` plus its resolvers, with `_service` and `_entities`. */
export function buildExampleSchema(name: ExampleSubgraphName): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: parse(exampleSubgraphSdl(name)), resolvers: RESOLVERS[name] });
}

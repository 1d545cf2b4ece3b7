import { InterfaceType, ObjectType, operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner, type QueryPlan, type QueryPlannerConfig } from '@apollo/query-planner';
import { parse, type GraphQLSchema } from 'graphql';
import type { PreparedSupergraph } from '../../hub/supergraph/prepare-supergraph.js';
import { costMetadata } from '../../policies/cost/cost-directives.js';
import type { CostMetadata } from '../../policies/cost/cost-metadata.js';
import { composeExampleSupergraph } from './compose-supergraph.js';
import { prepare } from './prepared-supergraph.js';

export interface ExampleSupergraph {
  /** The API schema clients query (graphql-js). */
  readonly apiSchema: GraphQLSchema;
  /** The supergraph as the hub prepares it. */
  readonly prepared: PreparedSupergraph;
  /** `@cost` / `@listSize` metadata, as the hub reads it. */
  readonly metadata: CostMetadata;
  /** The real `@apollo/query-planner` plan of `query`, as `@apollo/gateway` builds it. */
  plan(query: string, operationName?: string): QueryPlan;
  /** Subgraphs that resolve `Type.field` (the field is defined there and not `@external`). */
  fieldOwner(coordinate: string): string[];
}

/** The four example subgraphs composed, prepared as the hub prepares them, with a query planner over them. */
export function exampleSupergraph(config?: Partial<QueryPlannerConfig>): ExampleSupergraph {
  const prepared = prepare(composeExampleSupergraph().supergraphSdl);
  const supergraph = Supergraph.build(prepared.gatewaySdl);
  const api = supergraph.apiSchema();
  const planner = new QueryPlanner(supergraph, config);
  const subgraphs = supergraph.subgraphs().values();
  return {
    apiSchema: api.toGraphQLJSSchema(),
    prepared,
    metadata: costMetadata(prepared.directives),
    plan: (query, operationName) =>
      planner.buildQueryPlan(
        operationFromDocument(api, parse(query), operationName === undefined ? {} : { operationName }),
      ),
    fieldOwner(coordinate) {
      const [typeName, fieldName] = coordinate.split('.');
      if (typeName === undefined || fieldName === undefined) return [];
      return subgraphs
        .filter((subgraph) => {
          const type = subgraph.schema.type(typeName);
          if (!(type instanceof ObjectType || type instanceof InterfaceType)) return false;
          const field = type.field(fieldName);
          return field !== undefined && !subgraph.metadata().isFieldExternal(field);
        })
        .map((subgraph) => subgraph.name);
    },
  };
}

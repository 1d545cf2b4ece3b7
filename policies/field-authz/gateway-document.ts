/**
 * Hands the filtered document to `@apollo/gateway`. The one Apollo- and Node-aware file of the policy.
 *
 * `ApolloGateway` caches query plans under `sha256(queryHash + operationName)` (or `queryHash` alone), and reads
 * `queryHash` from the request context Apollo Server computed from the *original* query text before any plugin
 * ran (node_modules/@apollo/gateway/dist/index.js, `executor`: `queryPlanStoreKey`). Replacing only `document`
 * (or `document` and `source`) would let a caller reuse the plan cached for another caller's unfiltered
 * document, and fetch the denied fields. So `queryHash` must name the filtered text: it is set to the SHA-256 of
 * `print(filtered)`, exactly what Apollo Server would compute had a client sent that text, so equal filtered
 * documents share one plan and no plan is shared between different ones.
 *
 * The request context types mark these fields `readonly` for plugins in general; this adapter is the one place
 * that writes them, in `didResolveOperation`, before `responseForOperation` and execution read them.
 */
import { createHash } from 'node:crypto';
import type { BaseContext, GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import type { FilteredDocument } from './filter-document.js';

interface WritableOperationFields {
  document: DocumentNode;
  source: string;
  queryHash: string;
  operation: OperationDefinitionNode;
}

export function useFilteredDocument<Context extends BaseContext>(
  requestContext: GraphQLRequestContextDidResolveOperation<Context>,
  filtered: FilteredDocument,
  source: string,
): void {
  const writable: WritableOperationFields = requestContext as unknown as WritableOperationFields;
  writable.document = filtered.document;
  writable.operation = filtered.operation;
  writable.source = source;
  writable.queryHash = createHash('sha256').update(source).digest('hex');
}

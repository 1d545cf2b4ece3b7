/**
 * `introspection: off`: refuses operations that select `__schema` or `__type` with INTROSPECTION_DISABLED
 * (403). It runs in the pipeline plugin before the `operation` policies, whether or not `field-authz` is
 * enabled. Apollo Server's own introspection switch is left on (`create-apollo-server.ts`): its validation
 * rule would refuse first, with the generic GRAPHQL_VALIDATION_FAILED, and the hub wants a clear code.
 * Whether a document selects introspection is decided once per document (graphql-js's
 * `NoSchemaIntrospectionCustomRule`, which also finds it through fragments) and cached.
 */
import { NoSchemaIntrospectionCustomRule, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { HubSettingErrors } from '../../policies/contract/hub-settings.js';
import type { OperationGuard } from './operation-guard.js';

export function createIntrospectionGuard(): OperationGuard {
  const selects = new WeakMap<DocumentNode, boolean>();
  const selectsIntrospection = (schema: GraphQLSchema, document: DocumentNode): boolean => {
    let answer = selects.get(document);
    if (answer === undefined) {
      answer = validate(schema, document, [NoSchemaIntrospectionCustomRule]).length > 0;
      selects.set(document, answer);
    }
    return answer;
  };
  return (requestContext) => {
    if (selectsIntrospection(requestContext.schema, requestContext.document)) {
      throw HubSettingErrors.INTROSPECTION_DISABLED.create();
    }
  };
}

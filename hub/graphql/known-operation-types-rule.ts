/**
 * A validation rule: the operation's type (`query`, `mutation`, `subscription`) must exist in the schema.
 * graphql-js 16 does not check it (17 does, as `KnownOperationTypesRule`), so `mutation { x }` on a schema
 * without a `Mutation` type passed validation and failed in the query planner with a 500. With this rule it is
 * a validation error (400 GRAPHQL_VALIDATION_FAILED).
 */
import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

export function KnownOperationTypesRule(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  return {
    OperationDefinition(node) {
      if (!schema.getRootType(node.operation)) {
        context.reportError(
          new GraphQLError(
            `The schema has no ${node.operation} type: this hub does not serve ${node.operation} operations.`,
            { nodes: node },
          ),
        );
      }
      return false;
    },
  };
}

import {
  GraphQLError,
  Kind,
  parse,
  Source,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { OperationType } from '../api-types.js';

/**
 * Persisted operations (trusted documents) as graphql-js sees them: a document holds exactly one operation (and the
 * fragments it uses), and is valid when graphql-js's `validate` finds nothing against an API schema. Pure: no
 * database, no Node APIs; the schema workers run it (registry/workers/schema-tasks.ts).
 */

export interface OperationError {
  readonly message: string;
  readonly locations: { line: number; column: number }[];
}

/** A document that parsed and holds one operation. */
export interface ParsedOperation {
  readonly ok: true;
  readonly document: DocumentNode;
  readonly name: string | null;
  readonly type: OperationType;
}

export type OperationParse = ParsedOperation | { readonly ok: false; readonly errors: OperationError[] };

/** At most this many errors are kept per operation: a document against the wrong schema can have hundreds. */
export const MAX_ERRORS_PER_OPERATION = 10;

function toOperationError(error: GraphQLError): OperationError {
  return {
    message: error.message,
    locations: (error.locations ?? []).map(({ line, column }) => ({ line, column })),
  };
}

/** Parses `body` (the document as registered) and finds its one operation. */
export function parseOperation(body: string, sourceName = 'operation'): OperationParse {
  let document: DocumentNode;
  try {
    document = parse(new Source(body, sourceName), { maxTokens: 50_000 });
  } catch (error) {
    if (error instanceof GraphQLError) return { ok: false, errors: [toOperationError(error)] };
    throw error;
  }
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const [operation] = operations;
  if (operations.length !== 1 || !operation) {
    const found = operations.length === 0 ? 'none' : String(operations.length);
    return {
      ok: false,
      errors: [
        {
          message: `A persisted document holds exactly one operation (and the fragments it uses); this one has ${found}`,
          locations: operations.slice(1).flatMap((o) => (o.loc ? [position(o)] : [])),
        },
      ],
    };
  }
  return { ok: true, document, name: operation.name?.value ?? null, type: operation.operation };
}

function position(node: OperationDefinitionNode): { line: number; column: number } {
  const loc = node.loc;
  if (!loc) return { line: 1, column: 1 };
  return { line: loc.startToken.line, column: loc.startToken.column };
}

/**
 * graphql-js's validation of the document against the schema (all specified rules); empty when valid. graphql-js 16
 * does not validate that the schema has the operation's root type (its execution refuses it, with this message), so
 * that is checked here: a `mutation` against a schema without `Mutation` is invalid.
 */
export function validateOperation(schema: GraphQLSchema, document: DocumentNode): OperationError[] {
  const rootless = document.definitions.flatMap((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION && !schema.getRootType(definition.operation)
      ? [
          {
            message: `Schema is not configured to execute ${definition.operation} operation.`,
            locations: [position(definition)],
          },
        ]
      : [],
  );
  if (rootless.length > 0) return rootless;
  return validate(schema, document, undefined, { maxErrors: MAX_ERRORS_PER_OPERATION }).map(toOperationError);
}

import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { OperationType } from '../api-types.js';
import {
  parseOperation,
  validateOperation,
  type OperationError,
  type OperationParse,
} from '../checks/operation-documents.js';
import { createBoundedCache } from '../../lib/bounded-cache.js';

/**
 * Persisted-operation work in a schema worker: validating registered documents against an API schema, at publish
 * (the variant's current one) and in checks (current and proposed). Per worker, documents are parsed once per id
 * (ids are content hashes) and each (schema, id) is validated once: a check run again, or the publish after a
 * check, validates nothing new.
 */

/** A document as sent to the worker: its id (the sha256 of `body`) and its text. */
export interface OperationInput {
  readonly id: string;
  readonly body: string;
}

/** What the registry learns of one document: its operation's name and type, and why it is invalid (empty: valid). */
export interface OperationValidation {
  readonly id: string;
  readonly name: string | null;
  readonly type: OperationType | null;
  readonly errors: OperationError[];
}

/** A registered document that validates against the current API schema and not against the proposed one. */
export interface BrokenOperation {
  readonly id: string;
  readonly errors: OperationError[];
}

const parsed = createBoundedCache<string, OperationParse>(20_000);
/** Per schema object (the composer's caches keep them while they are current), the errors of each id. */
const validated = new WeakMap<GraphQLSchema, Map<string, OperationError[]>>();

function parseOnce(operation: OperationInput): OperationParse {
  const known = parsed.get(operation.id);
  if (known) return known;
  const result = parseOperation(operation.body);
  parsed.set(operation.id, result);
  return result;
}

function errorsAgainst(schema: GraphQLSchema, id: string, document: DocumentNode): OperationError[] {
  let results = validated.get(schema);
  if (!results) {
    results = new Map();
    validated.set(schema, results);
  }
  const known = results.get(id);
  if (known) return known;
  const errors = validateOperation(schema, document);
  results.set(id, errors);
  return errors;
}

/** Parses and validates every operation against `schema`. */
export function validateOperations(
  schema: GraphQLSchema,
  operations: readonly OperationInput[],
): OperationValidation[] {
  return operations.map((operation) => {
    const parse = parseOnce(operation);
    if (!parse.ok) return { id: operation.id, name: null, type: null, errors: parse.errors };
    return {
      id: operation.id,
      name: parse.name,
      type: parse.type,
      errors: errorsAgainst(schema, operation.id, parse.document),
    };
  });
}

const NOTHING_LEFT: OperationError[] = [
  { message: 'The proposal leaves the variant without subgraphs: no operation can run', locations: [] },
];

/**
 * The operations a proposal breaks: valid against `current`, invalid against `proposed` (`null`: no subgraph is left,
 * so every operation breaks). One that is already invalid now (a forced publish broke it) is not blamed on this
 * proposal.
 */
export function brokenOperations(
  current: GraphQLSchema,
  proposed: GraphQLSchema | null,
  operations: readonly OperationInput[],
): BrokenOperation[] {
  const broken: BrokenOperation[] = [];
  for (const operation of operations) {
    const parse = parseOnce(operation);
    if (!parse.ok) continue;
    if (errorsAgainst(current, operation.id, parse.document).length > 0) continue;
    const errors = proposed ? errorsAgainst(proposed, operation.id, parse.document) : NOTHING_LEFT;
    if (errors.length > 0) broken.push({ id: operation.id, errors });
  }
  return broken;
}

import {
  getNamedType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
  type GraphQLType,
} from 'graphql';
import type { OperationType } from '../api-types.js';
import type { ChangeCode } from '../checks/change-codes.js';
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
/** Per schema object, the names each id refers to (`referencedNames`). */
const referenced = new WeakMap<GraphQLSchema, Map<string, ReadonlySet<string>>>();

/**
 * The named types and directives (`@name`) a document refers to, read with the schema it is valid against: parent
 * and field types, argument, variable and input-literal types, fragment type conditions, directives.
 */
export function referencedNames(schema: GraphQLSchema, document: DocumentNode): Set<string> {
  const names = new Set<string>();
  const add = (type: GraphQLType | null | undefined) => {
    if (type) names.add(getNamedType(type).name);
  };
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      enter(node) {
        add(typeInfo.getParentType());
        add(typeInfo.getType());
        add(typeInfo.getInputType());
        add(typeInfo.getParentInputType());
        if (node.kind === Kind.DIRECTIVE) names.add(`@${node.name.value}`);
        if (node.kind === Kind.NAMED_TYPE) names.add(node.name.value);
      },
    }),
  );
  return names;
}

/**
 * Changes that cannot make a valid document invalid: additions a document cannot have used, and metadata.
 * (Not here: narrowing an output type, which can make two fields of one response name conflict, and default values,
 * which decide whether a nullable variable may fill a non-null argument.)
 */
const CANNOT_BREAK_VALIDATION: ReadonlySet<string> = new Set<ChangeCode>([
  'TYPE_ADDED',
  'DESCRIPTION_CHANGED',
  'ROOT_TYPE_ADDED',
  'FIELD_ADDED',
  'DEPRECATION_ADDED',
  'DEPRECATION_REMOVED',
  'DEPRECATION_REASON_CHANGED',
  'OPTIONAL_ARG_ADDED',
  'OPTIONAL_INPUT_FIELD_ADDED',
  'ENUM_VALUE_ADDED',
  'UNION_MEMBER_ADDED',
  'INTERFACE_ADDED_TO_OBJECT',
  'DIRECTIVE_ADDED',
  'DIRECTIVE_ARG_ADDED',
  'DIRECTIVE_LOCATION_ADDED',
  'DIRECTIVE_REPEATABLE_ADDED',
  'DIRECTIVE_USAGE_ADDED',
  'DIRECTIVE_USAGE_REMOVED',
  'DIRECTIVE_USAGE_CHANGED',
]);

/**
 * The schema elements a set of changes touches, by type or directive name (`Product` for `Product.name`, `@tag` for
 * `@tag(name:)`), leaving out changes that cannot break validation; `all` when a change concerns the schema as a
 * whole (root types).
 */
export function touchedNames(
  changes: readonly { readonly code: string; readonly coordinate: string }[],
): ReadonlySet<string> | 'all' {
  const names = new Set<string>();
  for (const { code, coordinate } of changes) {
    if (CANNOT_BREAK_VALIDATION.has(code)) continue;
    const name = /^@?[_A-Za-z][_0-9A-Za-z]*/.exec(coordinate)?.[0];
    if (!name || coordinate === 'schema') return 'all';
    names.add(name);
  }
  return names;
}

function namesOnce(schema: GraphQLSchema, id: string, document: DocumentNode): ReadonlySet<string> {
  let results = referenced.get(schema);
  if (!results) {
    results = new Map();
    referenced.set(schema, results);
  }
  const known = results.get(id);
  if (known) return known;
  const names = referencedNames(schema, document);
  results.set(id, names);
  return names;
}

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
 * proposal. `touched` (from the API-schema changes, `touchedNames`) skips the operations that refer to none of the
 * changed types and directives: validation only reads what a document refers to, so they validate as before.
 */
export function brokenOperations(
  current: GraphQLSchema,
  proposed: GraphQLSchema | null,
  operations: readonly OperationInput[],
  touched: ReadonlySet<string> | 'all' = 'all',
): BrokenOperation[] {
  const broken: BrokenOperation[] = [];
  for (const operation of operations) {
    const parse = parseOnce(operation);
    if (!parse.ok) continue;
    if (errorsAgainst(current, operation.id, parse.document).length > 0) continue;
    if (proposed && touched !== 'all') {
      const names = namesOnce(current, operation.id, parse.document);
      if (![...touched].some((name) => names.has(name))) continue;
    }
    const errors = proposed ? errorsAgainst(proposed, operation.id, parse.document) : NOTHING_LEFT;
    if (errors.length > 0) broken.push({ id: operation.id, errors });
  }
  return broken;
}

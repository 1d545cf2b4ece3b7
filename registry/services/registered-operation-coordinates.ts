/**
 * The schema coordinates the active registered (persisted) operations of a variant use, against a supergraph's
 * API schema: what the document names (lib/operation-coordinates.ts, as hubs record it), and for each variable
 * whose type is an input object or an enum, every input field and enum value that type reaches, since a
 * registered operation may send any of them. Cached per supergraph and document.
 */
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  Kind,
  parse,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { createBoundedCache } from '../../lib/bounded-cache.js';
import { operationCoordinates } from '../../lib/operation-coordinates.js';
import type { RegisteredOperations } from './persisted-operations.js';
import { supergraphApiSchema } from './usage-schema-elements.js';

const documents = createBoundedCache<string, ReadonlySet<string>>(20_000);

function reachable(type: GraphQLNamedType, out: Set<string>, visited: Set<string>): void {
  if (visited.has(type.name)) return;
  visited.add(type.name);
  if (isEnumType(type)) {
    for (const value of type.getValues()) out.add(`${type.name}.${value.name}`);
  } else if (isInputObjectType(type)) {
    for (const field of Object.values(type.getFields())) {
      out.add(`${type.name}.${field.name}`);
      reachable(getNamedType(field.type), out, visited);
    }
  }
}

function documentCoordinates(schema: GraphQLSchema, body: string): ReadonlySet<string> {
  const out = new Set<string>();
  let document;
  try {
    document = parse(body);
  } catch {
    return out;
  }
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const { coordinates, variables } = operationCoordinates(schema, document, definition);
    for (const coordinate of coordinates) out.add(coordinate);
    const visited = new Set<string>();
    for (const variable of variables) reachable(getNamedType(variable.type), out, visited);
  }
  return out;
}

/** Per registered document id: the coordinates it uses against the supergraph's API schema. */
export function registeredOperationCoordinates(
  supergraph: { hash: string; sdl: string },
  registered: Pick<RegisteredOperations, 'documents'>,
): Map<string, ReadonlySet<string>> {
  const result = new Map<string, ReadonlySet<string>>();
  if (registered.documents.length === 0) return result;
  const schema = supergraphApiSchema(supergraph.hash, supergraph.sdl);
  for (const { id, body } of registered.documents) {
    const key = `${supergraph.hash}|${id}`;
    let coordinates = documents.get(key);
    if (coordinates === undefined) {
      coordinates = documentCoordinates(schema, body);
      documents.set(key, coordinates);
    }
    result.set(id, coordinates);
  }
  return result;
}

/**
 * The schema coordinates of a supergraph's API schema, as hubs record them: `Type.field`, `Type.field(arg:)`,
 * `Input.field`, `Enum.VALUE`, with the `@deprecated` ones and their reasons. Computed once per supergraph
 * version (a bounded cache: the API schema of a large graph takes a while to build).
 */
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  type GraphQLSchema,
} from 'graphql';
import { createBoundedCache } from '../../lib/bounded-cache.js';
import type { DeprecatedKind } from '../api-types.js';
import { apiSchemaFromSupergraph } from '../checks/api-schema.js';

export interface SchemaElement {
  readonly coordinate: string;
  readonly kind: DeprecatedKind;
  /** `null` unless `@deprecated`; then its reason (the GraphQL default when none is written). */
  readonly deprecationReason: string | null;
}

export function schemaElements(schema: GraphQLSchema): SchemaElement[] {
  const elements: SchemaElement[] = [];
  const push = (coordinate: string, kind: DeprecatedKind, reason: string | null | undefined) =>
    elements.push({ coordinate, kind, deprecationReason: reason ?? null });
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || type.name.startsWith('__')) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        push(`${type.name}.${field.name}`, 'field', field.deprecationReason);
        for (const arg of field.args) {
          push(`${type.name}.${field.name}(${arg.name}:)`, 'argument', arg.deprecationReason);
        }
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        push(`${type.name}.${field.name}`, 'input-field', field.deprecationReason);
      }
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) {
        push(`${type.name}.${value.name}`, 'enum-value', value.deprecationReason);
      }
    }
  }
  return elements.sort((a, b) => a.coordinate.localeCompare(b.coordinate));
}

const cache = createBoundedCache<string, SchemaElement[]>(16);
const schemas = createBoundedCache<string, GraphQLSchema>(4);

/**
 * The API schema of a stored supergraph version, built on the main thread once per hash (`hash` keys the cache):
 * the usage reports and the usage stage of checks (registered operations' coordinates) share it.
 */
export function supergraphApiSchema(hash: string, sdl: string): GraphQLSchema {
  const known = schemas.get(hash);
  if (known) return known;
  const schema = apiSchemaFromSupergraph(sdl);
  schemas.set(hash, schema);
  return schema;
}

/** The elements of a stored supergraph version (`hash` keys the cache). */
export function supergraphElements(hash: string, sdl: string): SchemaElement[] {
  const known = cache.get(hash);
  if (known) return known;
  const elements = schemaElements(supergraphApiSchema(hash, sdl));
  cache.set(hash, elements);
  return elements;
}

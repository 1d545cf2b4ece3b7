import { Kind, type ASTNode, type DocumentNode } from 'graphql';
import {
  argumentCoordinate,
  directiveArgumentCoordinate,
  directiveCoordinate,
  memberCoordinate,
  SCHEMA_COORDINATE,
  typeCoordinate,
} from './schema-coordinate.js';
import type { SdlLocation } from './build-sdl-schema.js';

/** Where a coordinate is defined in one SDL file (its first definition or extension). */
export type CoordinateLocator = (coordinate: string) => SdlLocation | undefined;

/**
 * Indexes every definition of a parsed SDL by schema coordinate, so reports can point at a file and line.
 * Built from the document, not the schema, so it works for subgraphs and supergraphs too.
 */
export function locateCoordinates(document: DocumentNode): CoordinateLocator {
  const nodes = new Map<string, ASTNode>();
  const add = (coordinate: string, node: ASTNode): void => {
    if (!nodes.has(coordinate)) nodes.set(coordinate, node);
  };
  for (const definition of document.definitions) {
    switch (definition.kind) {
      case Kind.SCHEMA_DEFINITION:
      case Kind.SCHEMA_EXTENSION:
        add(SCHEMA_COORDINATE, definition);
        break;
      case Kind.DIRECTIVE_DEFINITION: {
        const directive = definition.name.value;
        add(directiveCoordinate(directive), definition);
        for (const argument of definition.arguments ?? []) {
          add(directiveArgumentCoordinate(directive, argument.name.value), argument);
        }
        break;
      }
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.OBJECT_TYPE_EXTENSION:
      case Kind.INTERFACE_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_EXTENSION: {
        const type = definition.name.value;
        add(typeCoordinate(type), definition);
        for (const field of definition.fields ?? []) {
          add(memberCoordinate(type, field.name.value), field);
          for (const argument of field.arguments ?? []) {
            add(argumentCoordinate(type, field.name.value, argument.name.value), argument);
          }
        }
        break;
      }
      case Kind.INPUT_OBJECT_TYPE_DEFINITION:
      case Kind.INPUT_OBJECT_TYPE_EXTENSION:
        add(typeCoordinate(definition.name.value), definition);
        for (const field of definition.fields ?? [])
          add(memberCoordinate(definition.name.value, field.name.value), field);
        break;
      case Kind.ENUM_TYPE_DEFINITION:
      case Kind.ENUM_TYPE_EXTENSION:
        add(typeCoordinate(definition.name.value), definition);
        for (const value of definition.values ?? [])
          add(memberCoordinate(definition.name.value, value.name.value), value);
        break;
      case Kind.UNION_TYPE_DEFINITION:
      case Kind.UNION_TYPE_EXTENSION:
      case Kind.SCALAR_TYPE_DEFINITION:
      case Kind.SCALAR_TYPE_EXTENSION:
        add(typeCoordinate(definition.name.value), definition);
        break;
      case Kind.OPERATION_DEFINITION:
      case Kind.FRAGMENT_DEFINITION:
      case Kind.DIRECTIVE_EXTENSION:
        break;
    }
  }
  return (coordinate) => {
    const node = nodes.get(coordinate);
    // The start token knows its line and column: no rescan of a large source per lookup.
    const token = node?.loc?.startToken;
    return token ? { line: token.line, column: token.column } : undefined;
  };
}

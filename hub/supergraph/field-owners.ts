/**
 * Which subgraphs resolve each field, from the supergraph's join metadata, read once per supergraph load:
 * `Type.field` is resolved by every graph of its `@join__field(graph:)` applications that are neither
 * `external` nor `usedOverridden`; a field without `@join__field` by every graph of its type's `@join__type`.
 * Pure: graphql-js only.
 */
import {
  Kind,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
} from 'graphql';
import { localDirectiveName, type LinkedFeature } from './link-directives.js';

const JOIN_IDENTITY = 'https://specs.apollo.dev/join';

export type FieldOwner = (coordinate: string) => readonly string[];

const NO_OWNERS: readonly string[] = Object.freeze([]);

export const NO_FIELD_OWNERS: FieldOwner = () => NO_OWNERS;

function argument(directive: ConstDirectiveNode, name: string): unknown {
  const found = directive.arguments?.find((candidate) => candidate.name.value === name);
  return found === undefined ? undefined : valueFromASTUntyped(found.value);
}

function enumArgument(directive: ConstDirectiveNode, name: string): string | undefined {
  const found = directive.arguments?.find((candidate) => candidate.name.value === name);
  return found?.value.kind === Kind.ENUM ? found.value.value : undefined;
}

export function readFieldOwners(document: DocumentNode, features: readonly LinkedFeature[]): FieldOwner {
  const join = features.find((feature) => feature.identity === JOIN_IDENTITY);
  if (join === undefined) return NO_FIELD_OWNERS;
  const graphDirective = localDirectiveName(join, 'graph');
  const typeDirective = localDirectiveName(join, 'type');
  const fieldDirective = localDirectiveName(join, 'field');

  const graphNames = new Map<string, string>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION) continue;
    for (const value of definition.values ?? []) {
      const graph = value.directives?.find((directive) => directive.name.value === graphDirective);
      const name = graph === undefined ? undefined : argument(graph, 'name');
      if (typeof name === 'string') graphNames.set(value.name.value, name);
    }
  }
  const graphOf = (directive: ConstDirectiveNode): string | undefined => {
    const value = enumArgument(directive, 'graph');
    return value === undefined ? undefined : graphNames.get(value);
  };

  const owners = new Map<string, readonly string[]>();
  const typeGraphs = new Map<string, Set<string>>();
  const fieldsByType = new Map<string, FieldDefinitionNode[]>();
  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_EXTENSION
    ) {
      continue;
    }
    const typeName = definition.name.value;
    const graphs = typeGraphs.get(typeName) ?? new Set<string>();
    for (const directive of definition.directives ?? []) {
      if (directive.name.value !== typeDirective) continue;
      const graph = graphOf(directive);
      if (graph !== undefined) graphs.add(graph);
    }
    typeGraphs.set(typeName, graphs);
    fieldsByType.set(typeName, [...(fieldsByType.get(typeName) ?? []), ...(definition.fields ?? [])]);
  }
  for (const [typeName, fields] of fieldsByType) {
    for (const field of fields) {
      const joins = (field.directives ?? []).filter((directive) => directive.name.value === fieldDirective);
      const resolving = joins
        .filter((directive) => argument(directive, 'external') !== true)
        .filter((directive) => argument(directive, 'usedOverridden') !== true)
        .map(graphOf)
        .filter((graph): graph is string => graph !== undefined);
      const graphs = joins.length === 0 ? [...(typeGraphs.get(typeName) ?? [])] : resolving;
      owners.set(`${typeName}.${field.name.value}`, Object.freeze([...new Set(graphs)].sort()));
    }
  }
  return (coordinate) => owners.get(coordinate) ?? NO_OWNERS;
}

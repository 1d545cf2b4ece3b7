import {
  Kind,
  parse,
  print,
  type ConstDirectiveNode,
  type DefinitionNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  type EnumValueDefinitionNode,
} from 'graphql';

/** One row of the explorer: a type, or a field / input field / enum value of it. */
export interface SchemaElement {
  readonly coordinate: string;
  readonly kind: 'type' | 'field' | 'input-field' | 'enum-value';
  readonly typeKind: string;
  /** The field's type (`[Product!]!`), the type's kind for types. */
  readonly signature: string;
  readonly description: string | null;
  readonly deprecated: string | null;
  /** Access and cost directives as written: `@authenticated`, `@requiresScopes(scopes: [["read:users"]])`, `@cost(weight: 5)`. */
  readonly directives: string[];
  /** The subgraphs that resolve it (from `@join__field` / `@join__type`). */
  readonly subgraphs: string[];
}

const POLICY_DIRECTIVES = new Set(['authenticated', 'requiresScopes', 'policy', 'cost', 'listSize']);
const JOIN_PREFIXES = ['join__', 'link__'];

function argument(directive: ConstDirectiveNode, name: string): string | null {
  const arg = directive.arguments?.find((a) => a.name.value === name);
  if (!arg) return null;
  return arg.value.kind === Kind.ENUM || arg.value.kind === Kind.STRING ? arg.value.value : print(arg.value);
}

function isInternal(name: string): boolean {
  return JOIN_PREFIXES.some((prefix) => name.startsWith(prefix));
}

function deprecation(directives: readonly ConstDirectiveNode[] | undefined): string | null {
  const found = directives?.find((d) => d.name.value === 'deprecated');
  if (!found) return null;
  return argument(found, 'reason') ?? 'No longer supported';
}

function inaccessible(directives: readonly ConstDirectiveNode[] | undefined): boolean {
  return directives?.some((d) => d.name.value === 'inaccessible') ?? false;
}

function policyDirectives(directives: readonly ConstDirectiveNode[] | undefined): string[] {
  return (directives ?? []).filter((d) => POLICY_DIRECTIVES.has(d.name.value)).map((d) => print(d));
}

function joinGraphs(directives: readonly ConstDirectiveNode[] | undefined, directive: string): string[] {
  return (directives ?? [])
    .filter((d) => d.name.value === directive)
    .map((d) => argument(d, 'graph'))
    .filter((graph): graph is string => graph !== null);
}

/**
 * The client-facing elements of a supergraph SDL, in SDL order, for the explorer: join and link machinery and
 * `@inaccessible` elements left out; subgraph names from the `join__Graph` enum.
 */
export function schemaElements(supergraphSdl: string): SchemaElement[] {
  const document = parse(supergraphSdl, { noLocation: true });
  const graphNames = new Map<string, string>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph') {
      for (const value of definition.values ?? []) {
        const named = value.directives?.find((d) => d.name.value === 'join__graph');
        graphNames.set(
          value.name.value,
          (named && argument(named, 'name')) ?? value.name.value.toLowerCase(),
        );
      }
    }
  }
  const subgraphsOf = (enumValues: string[]) => enumValues.map((value) => graphNames.get(value) ?? value);
  const elements: SchemaElement[] = [];
  for (const definition of document.definitions) addDefinition(definition);
  return elements;

  function addDefinition(definition: DefinitionNode) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.ENUM_TYPE_DEFINITION &&
      definition.kind !== Kind.UNION_TYPE_DEFINITION &&
      definition.kind !== Kind.SCALAR_TYPE_DEFINITION
    )
      return;
    const typeName = definition.name.value;
    if (isInternal(typeName) || inaccessible(definition.directives)) return;
    const typeKind = definition.kind.replace('TypeDefinition', '').replace('Definition', '');
    const typeSubgraphs = subgraphsOf(joinGraphs(definition.directives, 'join__type'));
    elements.push({
      coordinate: typeName,
      kind: 'type',
      typeKind,
      signature: typeKind.replace('ObjectType', 'type').toLowerCase(),
      description: definition.description?.value ?? null,
      deprecated: null,
      directives: policyDirectives(definition.directives),
      subgraphs: [...new Set(typeSubgraphs)],
    });
    const members: readonly (FieldDefinitionNode | InputValueDefinitionNode | EnumValueDefinitionNode)[] =
      definition.kind === Kind.ENUM_TYPE_DEFINITION
        ? (definition.values ?? [])
        : definition.kind === Kind.UNION_TYPE_DEFINITION || definition.kind === Kind.SCALAR_TYPE_DEFINITION
          ? []
          : (definition.fields ?? []);
    for (const member of members) {
      if (inaccessible(member.directives)) continue;
      const fieldGraphs = subgraphsOf(joinGraphs(member.directives, 'join__field'));
      const kind =
        member.kind === Kind.ENUM_VALUE_DEFINITION
          ? 'enum-value'
          : member.kind === Kind.INPUT_VALUE_DEFINITION
            ? 'input-field'
            : 'field';
      elements.push({
        coordinate: `${typeName}.${member.name.value}`,
        kind,
        typeKind,
        signature: member.kind === Kind.ENUM_VALUE_DEFINITION ? '' : print(member.type),
        description: member.description?.value ?? null,
        deprecated: deprecation(member.directives),
        directives: policyDirectives(member.directives),
        subgraphs: [...new Set(fieldGraphs.length > 0 ? fieldGraphs : typeSubgraphs)],
      });
    }
  }
}
